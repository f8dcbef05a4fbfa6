"""The leader's start page: alerts of the units they lead, and marking one handled."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.web import service_action
from tildeling.selectors.varsel import varsel_rader, varsler_list
from tildeling.services.varsel import varsel_resolve


@require_GET
@staff_required
def varsler_view(request: HttpRequest) -> HttpResponse:
    apne = request.GET.get("vis") != "loste"
    actor = request_ansatt(request)
    side = varsler_list(actor=actor, side=side_parse(request.GET.get("side")), apne=apne)
    return render(
        request,
        "tildeling/varsler.html",
        {
            "side": side,
            "varsel_rader": varsel_rader(actor=actor, varsler=side.items),
            "apne": apne,
            "query": "" if apne else "vis=loste",
        },
    )


@require_POST
@staff_required
def varsel_resolve_view(request: HttpRequest, varsel_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    kommentar = request.POST.get("kommentar", "")
    neste = request.POST.get("neste") or ""
    target = neste if neste.startswith("/tildeling/") else reverse("tildeling:varsler")
    return service_action(
        request,
        lambda: varsel_resolve(actor=actor, varsel_id=varsel_id, kommentar=kommentar),
        ok=_("Varselet er merket som håndtert."),
        redirect_to=target,
    )
