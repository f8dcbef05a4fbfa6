"""The leader's start page (alerts of the units they lead) and the reports."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.klokke import idag
from tildeling.forms import RapportForm
from tildeling.selectors.rapport import rapport_get
from tildeling.selectors.varsel import varsler_list
from tildeling.services.varsel import varsel_resolve
from tildeling.views.felles import act


@require_GET
@staff_required
def varsler_view(request: HttpRequest) -> HttpResponse:
    apne = request.GET.get("vis") != "loste"
    side = varsler_list(
        actor=request_ansatt(request), side=side_parse(request.GET.get("side")), apne=apne
    )
    return render(
        request,
        "tildeling/varsler.html",
        {"side": side, "apne": apne, "query": "" if apne else "vis=loste"},
    )


@require_POST
@staff_required
def varsel_lost_view(request: HttpRequest, varsel_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    kommentar = request.POST.get("kommentar", "")
    neste = request.POST.get("neste") or ""
    target = neste if neste.startswith("/tildeling/") else reverse("tildeling:varsler")
    return act(
        request,
        lambda: varsel_resolve(actor=actor, varsel_id=varsel_id, kommentar=kommentar),
        _("Varselet er merket som håndtert."),
        target,
    )


@require_GET
@staff_required
def rapporter_view(request: HttpRequest) -> HttpResponse:
    dag = idag()
    default = {"fra": dag.replace(day=1) - dt.timedelta(days=365), "til": dag, "periode": "maaned"}
    form = RapportForm(request.GET or None, initial=default)
    params = form.cleaned_data if form.is_bound and form.is_valid() else default
    rapport = rapport_get(actor=request_ansatt(request), **params)
    return render(request, "tildeling/rapporter.html", {"form": form, "rapport": rapport})
