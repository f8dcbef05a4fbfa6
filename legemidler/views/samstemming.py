"""Pages of medication reconciliation (legemiddelsamstemming) and review
(legemiddelgjennomgang)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.klokke import idag
from core.web import service_action, service_call
from journal.selectors import pasient_get
from legemidler.forms import BeslutningForm, GjennomgangForm, LinjeForm, SamstemmingStartForm
from legemidler.selectors import legemidler_active, samstemming_get, samstemming_list
from legemidler.services import (
    gjennomgang_create,
    samstemming_line_add,
    samstemming_line_decide,
    samstemming_sign,
    samstemming_start,
)
from legemidler.views.forordning import MAX_VALG, _rights


def _legemidler() -> list[tuple[str, str]]:
    return [(str(lm.pk), lm.navn_form_styrke) for lm in legemidler_active()[:MAX_VALG]]


def _oversikt(
    request: HttpRequest,
    pasient_id: uuid.UUID,
    *,
    start_form: SamstemmingStartForm | None = None,
    gjennomgang_form: GjennomgangForm | None = None,
) -> HttpResponse:
    actor = request_ansatt(request)
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    oversikt = samstemming_list(
        actor=actor, pasient_id=visning.pasient.pk, side=side_parse(request.GET.get("side"))
    )
    return render(
        request,
        "legemidler/samstemminger.html",
        {
            "pasient": visning.pasient,
            "visning": visning,
            "o": oversikt,
            "start_form": start_form or SamstemmingStartForm(),
            "gjennomgang_form": gjennomgang_form or GjennomgangForm(initial={"dato": idag()}),
            **_rights(request),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@staff_required
def samstemminger(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    return _oversikt(request, pasient_id)


@require_POST
@staff_required
def samstemming_ny(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    form = SamstemmingStartForm(request.POST)
    if form.is_valid():
        outcome = service_call(
            lambda: samstemming_start(actor=actor, pasient_id=pasient_id, **form.cleaned_data),
            form=form,
        )
        if outcome.ok and outcome.value is not None:
            return HttpResponseRedirect(
                reverse("legemidler:samstemming_detalj", args=[pasient_id, outcome.value.pk])
            )
    return _oversikt(request, pasient_id, start_form=form)


@require_POST
@staff_required
def gjennomgang_ny(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    form = GjennomgangForm(request.POST)
    if form.is_valid():
        outcome = service_call(
            lambda: gjennomgang_create(actor=actor, pasient_id=pasient_id, **form.cleaned_data),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Legemiddelgjennomgangen er registrert."))
            return HttpResponseRedirect(reverse("legemidler:samstemminger", args=[pasient_id]))
    return _oversikt(request, pasient_id, gjennomgang_form=form)


def _detalj(
    request: HttpRequest,
    pasient_id: uuid.UUID,
    samstemming_id: uuid.UUID,
    *,
    linje_form: LinjeForm | None = None,
    feil: str = "",
) -> HttpResponse:
    actor = request_ansatt(request)
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    samstemming = samstemming_get(
        actor=actor, samstemming_id=samstemming_id, pasient_id=visning.pasient.pk
    )
    return render(
        request,
        "legemidler/samstemming_detalj.html",
        {
            "pasient": visning.pasient,
            "visning": visning,
            "s": samstemming,
            "linjer": list(samstemming.linjer.all()),
            "linje_form": linje_form or LinjeForm(legemidler=_legemidler()),
            "beslutning_form": BeslutningForm(),
            "feil": feil,
            **_rights(request),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@staff_required
def samstemming_detalj(
    request: HttpRequest, pasient_id: uuid.UUID, samstemming_id: uuid.UUID
) -> HttpResponse:
    return _detalj(request, pasient_id, samstemming_id)


@require_POST
@staff_required
def samstemming_linje_ny(
    request: HttpRequest, pasient_id: uuid.UUID, samstemming_id: uuid.UUID
) -> HttpResponse:
    actor = request_ansatt(request)
    form = LinjeForm(request.POST, legemidler=_legemidler())
    if form.is_valid():
        outcome = service_call(
            lambda: samstemming_line_add(
                actor=actor,
                samstemming_id=samstemming_id,
                pasient_id=pasient_id,
                innkommende=form.cleaned_data["innkommende"],
                legemiddel_id=form.cleaned_data.get("legemiddel"),
            ),
            form=form,
        )
        if outcome.ok:
            return _back(pasient_id, samstemming_id)
    return _detalj(request, pasient_id, samstemming_id, linje_form=form)


def _back(pasient_id: uuid.UUID, samstemming_id: uuid.UUID) -> HttpResponse:
    return HttpResponseRedirect(
        reverse("legemidler:samstemming_detalj", args=[pasient_id, samstemming_id])
    )


def _form_message(form: forms.Form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@require_POST
@staff_required
def samstemming_linje_beslutt(
    request: HttpRequest, pasient_id: uuid.UUID, samstemming_id: uuid.UUID, linje_id: uuid.UUID
) -> HttpResponse:
    actor = request_ansatt(request)
    form = BeslutningForm(request.POST)
    if form.is_valid():
        outcome = service_call(
            lambda: samstemming_line_decide(
                actor=actor, linje_id=linje_id, pasient_id=pasient_id, **form.cleaned_data
            ),
            form=form,
        )
        if outcome.ok:
            return _back(pasient_id, samstemming_id)
        return _detalj(request, pasient_id, samstemming_id, feil=outcome.error)
    return _detalj(request, pasient_id, samstemming_id, feil=_form_message(form))


@require_POST
@staff_required
def samstemming_signer(
    request: HttpRequest, pasient_id: uuid.UUID, samstemming_id: uuid.UUID
) -> HttpResponse:
    actor = request_ansatt(request)
    kwargs: dict[str, Any] = {"pasient_id": pasient_id, "samstemming_id": samstemming_id}
    return service_action(
        request,
        lambda: samstemming_sign(actor=actor, **kwargs),
        ok=_("Legemiddelsamstemmingen er signert."),
        redirect_to=reverse("legemidler:samstemming_detalj", args=[pasient_id, samstemming_id]),
    )
