"""Home-care pages: the district leader's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.decorators import request_ansatt, staff_required
from tjenester.hjemmetjeneste import selectors
from tjenester.hjemmetjeneste.views.besoek import dato_get

# --- leader and patient ----------------------------------------------------------------------


@require_GET
@staff_required
def leder(request: HttpRequest) -> HttpResponse:
    side = selectors.lederside_get(actor=request_ansatt(request), dato=dato_get(request))
    return render(request, "hjemmetjeneste/leder.html", {"side": side})
