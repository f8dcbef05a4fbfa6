"""Nursing-home pages: the occupancy board."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.decorators import request_ansatt, staff_required
from core.klokke import idag
from tjenester.sykehjem import selectors as sel


@require_GET
@staff_required
def belegg(request: HttpRequest) -> HttpResponse:
    dato = sel.belegg_dato_parse(request.GET.get("dato"))
    enhet_id = request.GET.get("enhet") or None
    oversikt = sel.belegg_get(actor=request_ansatt(request), dato=dato, enhet_id=enhet_id)
    return render(
        request,
        "sykehjem/belegg.html",
        {"oversikt": oversikt, "i_dag": idag(), "enhet_id": enhet_id or ""},
    )
