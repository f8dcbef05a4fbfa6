"""The leader's reports of the allocation office."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.decorators import request_ansatt, staff_required
from core.klokke import idag
from tildeling.forms import RapportForm
from tildeling.selectors.rapport import rapport_get


@require_GET
@staff_required
def rapporter_view(request: HttpRequest) -> HttpResponse:
    dag = idag()
    default = {"fra": dag.replace(day=1) - dt.timedelta(days=365), "til": dag, "periode": "maaned"}
    form = RapportForm(request.GET or None, initial=default)
    params = form.cleaned_data if form.is_bound and form.is_valid() else default
    rapport = rapport_get(actor=request_ansatt(request), **params)
    return render(request, "tildeling/rapporter.html", {"form": form, "rapport": rapport})
