"""SYSVAK pages: a child's vaccinations with the register's receipts, and the look-up."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.decorators import request_ansatt, staff_required
from core.web import service_action
from integrasjoner.sysvak.selectors import sysvak_status_get
from integrasjoner.sysvak.services import oppslag_request


@require_GET
@staff_required
def barn(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    status = sysvak_status_get(actor=request_ansatt(request), pasient_id=pasient_id)
    return render(request, "sysvak/barn.html", {"status": status, "pasient": status.pasient})


@require_POST
@staff_required
def oppslag(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse | HttpResponseRedirect:
    return service_action(
        request,
        lambda: oppslag_request(actor=request_ansatt(request), pasient_id=pasient_id),
        ok=_("SYSVAK er spurt om tidligere vaksinasjoner. Svaret vises her når det er kommet."),
        redirect_to=reverse("integrasjoner:sysvak:barn", args=[pasient_id]),
    )
