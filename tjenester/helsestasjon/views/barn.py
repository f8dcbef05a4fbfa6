"""The child's page, enrolment, transfer, parents and the invitation."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.context import acting_enhet_id
from core.decorators import request_ansatt, staff_required
from core.exceptions import NotFound
from core.models import Action
from core.web import service_call
from journal.access import actor_can
from tjenester.helsestasjon import selectors, services
from tjenester.helsestasjon.forms import ForesattForm, InnskrivningForm, OverfoeringForm


def barn_url(pasient_id: uuid.UUID) -> str:
    return reverse("helsestasjon:barn", args=[pasient_id])


@require_GET
@staff_required
def barn(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    bilde = selectors.barn_get(actor=actor, pasient_id=pasient_id)
    her = bilde.innskrivning is not None and bilde.innskrivning.enhet_id == acting_enhet_id()
    return render(
        request,
        "helsestasjon/barn.html",
        {
            "bilde": bilde,
            "pasient": bilde.pasient,
            "her": her,
            "kan_skrive": her and actor_can(actor, Action.WRITE_NOTE),
            "kan_vaksinere": her and actor_can(actor, Action.ADMINISTER_MEDICATION),
            "kan_overfoere": her and actor_can(actor, Action.MANAGE_RELATIONS),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def innskrivning_ny(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    form = InnskrivningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pasient = selectors.pasient_for_innskrivning(
                actor=actor, identifikator=data["identifikator"]
            )
        except NotFound:
            form.add_error(
                "identifikator",
                _(
                    "Fant ingen pasient du har tilgang til med dette fødselsnummeret. "
                    "Registrer barnet under Pasienter først."
                ),
            )
        else:
            outcome = service_call(
                lambda: services.innskrivning_create(
                    actor=actor,
                    pasient_id=pasient.pk,
                    grunn=data["grunn"],
                    fra_dato=data["fra_dato"],
                ),
                form=form,
            )
            if outcome.ok:
                messages.success(request, _("Barnet er skrevet inn."))
                return HttpResponseRedirect(barn_url(pasient.pk))
    return render(
        request,
        "helsestasjon/innskrivning_ny.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def innskrivning_overfoer(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    bilde = selectors.barn_get(actor=actor, pasient_id=pasient_id)
    if bilde.innskrivning is None or bilde.innskrivning.enhet_id != acting_enhet_id():
        raise NotFound
    form = OverfoeringForm(
        request.POST or None, stasjoner=selectors.helsestasjoner_andre(acting_enhet_id())
    )
    if request.method == "POST" and form.is_valid():
        innskrivning_id = bilde.innskrivning.pk
        data = form.cleaned_data
        outcome = service_call(
            lambda: services.innskrivning_transfer(
                actor=actor,
                innskrivning_id=innskrivning_id,
                til_enhet_id=data["til_enhet"],
                dato=data["dato"],
                merknad=data["merknad"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Barnet er overført med historikken."))
            return HttpResponseRedirect(reverse("helsestasjon:arbeidsliste"))
    return render(
        request,
        "helsestasjon/overfoering.html",
        {"form": form, "pasient": bilde.pasient},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def foresatt_ny(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    bilde = selectors.barn_get(actor=actor, pasient_id=pasient_id)
    form = ForesattForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = service_call(
            lambda: services.foresatt_add(actor=actor, pasient_id=pasient_id, **data), form=form
        )
        if outcome.ok:
            messages.success(request, _("Foresatt er registrert."))
            return HttpResponseRedirect(barn_url(pasient_id))
    return render(
        request,
        "helsestasjon/foresatt_ny.html",
        {"form": form, "pasient": bilde.pasient},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@staff_required
def innkalling(request: HttpRequest, pasient_id: uuid.UUID, punkt_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    tekst = selectors.innkalling_get(actor=actor, pasient_id=pasient_id, programpunkt_id=punkt_id)
    return render(
        request,
        "helsestasjon/innkalling.html",
        {"innkalling": tekst, "pasient_id": pasient_id},
    )
