"""Home-care pages: the district day list (assignment, order, route)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.decorators import request_ansatt, staff_required
from core.web import service_action
from tjenester.hjemmetjeneste import selectors, services
from tjenester.hjemmetjeneste.forms import (
    FlyttForm,
    OptimaliserForm,
    TildelForm,
)
from tjenester.hjemmetjeneste.views.besoek import dato_get, dato_post


def _dagsliste_url(dato: dt.date) -> str:
    return f"{reverse('hjemmetjeneste:dagsliste')}?dato={dato.isoformat()}"


# --- day list --------------------------------------------------------------------------------


@require_GET
@staff_required
def dagsliste(request: HttpRequest) -> HttpResponse:
    dato = dato_get(request)
    liste = selectors.dagsliste_get(actor=request_ansatt(request), dato=dato)
    context = {
        "liste": liste,
        "dato": dato,
        "forrige": dato - dt.timedelta(days=1),
        "neste": dato + dt.timedelta(days=1),
    }
    return render(request, "hjemmetjeneste/dagsliste.html", context)


@require_POST
@staff_required
def besoek_tildel(request: HttpRequest, besok_id: uuid.UUID) -> HttpResponse:
    form = TildelForm(request.POST)
    ansatt_id = form.cleaned_data["ansatt"] if form.is_valid() else None
    return service_action(
        request,
        lambda: services.besoek_assign(
            actor=request_ansatt(request), besok_id=besok_id, ansatt_id=ansatt_id
        ),
        ok=_("Besøket er tildelt."),
        redirect_to=_dagsliste_url(dato_post(request)) + f"#besok-{besok_id}",
    )


@require_POST
@staff_required
def besoek_flytt(request: HttpRequest, besok_id: uuid.UUID) -> HttpResponse:
    form = FlyttForm(request.POST)
    retning = form.cleaned_data["retning"] if form.is_valid() else ""
    return service_action(
        request,
        lambda: services.besoek_move(
            actor=request_ansatt(request), besok_id=besok_id, retning=retning
        ),
        ok=_("Rekkefølgen er endret."),
        redirect_to=_dagsliste_url(dato_post(request)) + f"#besok-{besok_id}",
    )


@require_POST
@staff_required
def dagsliste_optimaliser(request: HttpRequest) -> HttpResponse:
    form = OptimaliserForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv en gyldig dato."))
        return HttpResponseRedirect(reverse("hjemmetjeneste:dagsliste"))
    dato = form.cleaned_data["dato"]
    result = services.dagsliste_optimise(
        actor=request_ansatt(request), dato=dato, fordel=form.cleaned_data["fordel"]
    )
    messages.success(
        request,
        _("Ruten er beregnet for %(n)s besøk: kjøretid %(etter)s min (før %(for)s min).")
        % {
            "n": result.besok,
            "etter": round(result.reisetid_min),
            "for": round(result.reisetid_for_min),
        },
    )
    return HttpResponseRedirect(_dagsliste_url(dato))
