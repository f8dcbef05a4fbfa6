"""GP office pages: the GP lists overview."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.decorators import request_ansatt, staff_required
from core.klokke import idag
from tjenester.legekontor import selectors as sel
from tjenester.legekontor.selectors.liste import ALDERSGRUPPER


@require_http_methods(["GET"])
@staff_required
def lister(request: HttpRequest) -> HttpResponse:
    oversikt = sel.liste_oversikt(actor=request_ansatt(request), dag=idag())
    return render(
        request,
        "legekontor/lister.html",
        {"oversikt": oversikt, "grupper": [navn for navn, _fra, _til in ALDERSGRUPPER]},
    )
