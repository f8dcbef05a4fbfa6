"""The nurse's weekly worklist."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from tjenester.helsestasjon import selectors


@require_GET
@staff_required
def arbeidsliste(request: HttpRequest) -> HttpResponse:
    alle = request.GET.get("alle") == "1"
    liste = selectors.arbeidsliste_list(
        actor=request_ansatt(request),
        bare_mine=not alle,
        side=side_parse(request.GET.get("side")),
    )
    return render(
        request,
        "helsestasjon/arbeidsliste.html",
        {"liste": liste, "alle": alle, "query": "alle=1" if alle else ""},
    )
