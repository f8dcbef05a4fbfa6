"""Giving a vaccine dose and recording the parents' refusal."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.decorators import request_ansatt, staff_required
from core.exceptions import NotFound
from core.klokke import idag
from core.web import service_call
from tjenester.helsestasjon import selectors, services
from tjenester.helsestasjon.forms import ReservasjonForm, VaksinasjonForm
from tjenester.helsestasjon.selectors import Barnebilde, DoseRad
from tjenester.helsestasjon.views.barn import barn_url


def _dose(bilde: Barnebilde, dose_id: uuid.UUID) -> DoseRad:
    rad = next((r for r in bilde.doser if r.dose.pk == dose_id), None)
    if rad is None:
        raise NotFound
    return rad


@require_http_methods(["GET", "POST"])
@staff_required
def vaksinasjon_ny(request: HttpRequest, pasient_id: uuid.UUID, dose_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    bilde = selectors.barn_get(actor=actor, pasient_id=pasient_id)
    rad = _dose(bilde, dose_id)
    form = VaksinasjonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = service_call(
            lambda: services.vaksinasjon_give(
                actor=actor,
                pasient_id=pasient_id,
                vaksinedose_id=dose_id,
                preparat=data["preparat"],
                batch=data["batch"],
                sted=data["sted"],
                tidspunkt=data["tidspunkt"],
                avvik_begrunnelse=data["avvik_begrunnelse"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Vaksinen er registrert og meldes til SYSVAK."))
            return HttpResponseRedirect(barn_url(pasient_id))
    advarsler = services.dose_warnings(bilde.pasient, rad.dose, idag())
    return render(
        request,
        "helsestasjon/vaksinasjon_ny.html",
        {"form": form, "pasient": bilde.pasient, "rad": rad, "advarsler": advarsler},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def vaksinasjon_reservasjon(
    request: HttpRequest, pasient_id: uuid.UUID, dose_id: uuid.UUID
) -> HttpResponse:
    actor = request_ansatt(request)
    bilde = selectors.barn_get(actor=actor, pasient_id=pasient_id)
    rad = _dose(bilde, dose_id)
    valg = [
        (str(f.pk), f"{f.navn} ({f.relasjon})")
        for f in bilde.foresatte
        if f.foreldreansvar != "ingen"
    ]
    form = ReservasjonForm(request.POST or None, foresatte=valg)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = service_call(
            lambda: services.vaksinasjon_refuse(
                actor=actor,
                pasient_id=pasient_id,
                vaksinedose_id=dose_id,
                foresatt_id=data["foresatt"],
                begrunnelse=data["begrunnelse"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Reservasjonen er registrert."))
            return HttpResponseRedirect(barn_url(pasient_id))
    return render(
        request,
        "helsestasjon/reservasjon_ny.html",
        {"form": form, "pasient": bilde.pasient, "rad": rad},
        status=400 if request.method == "POST" else 200,
    )
