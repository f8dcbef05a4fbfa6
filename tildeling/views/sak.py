"""The worklist, registering an application, and the case page with its actions."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.exceptions import ApplicationError
from core.middleware import acting_get
from core.models import Action
from core.web import service_action, service_call
from journal.selectors.pasient import pasient_search
from tildeling.forms import ArbeidslisteForm, NotatForm, SoeknadForm
from tildeling.selectors.sak import arbeidsliste, sak_get
from tildeling.selectors.varsel import varsel_rader, varsler_list
from tildeling.selectors.vedtak import tjenestetyper_gyldige, vedtak_til_godkjenning
from tildeling.services.sak import (
    SoeknadData,
    sak_assign,
    sak_kartlegging_link,
    sak_notat_create,
    sak_status_set,
    soeknad_create,
)


def _sak_url(sak_id: uuid.UUID) -> str:
    return reverse("tildeling:sak", args=[sak_id])


@require_GET
@staff_required
def arbeidsliste_view(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    form = ArbeidslisteForm(request.GET)
    valid = form.is_valid()
    mine = bool(form.cleaned_data["mine"]) if valid else False
    status = str(form.cleaned_data["status"]) if valid else ""
    side = arbeidsliste(
        actor=actor,
        mine=mine,
        status=status,
        side=side_parse(request.GET.get("side")),
    )
    varsler = varsler_list(actor=actor, storrelse=10)
    godkjenninger = vedtak_til_godkjenning(actor=actor)
    query = "&".join(
        p for p in ("mine=on" if mine else "", f"status={status}" if status else "") if p
    )
    return render(
        request,
        "tildeling/arbeidsliste.html",
        {
            "form": form,
            "side": side,
            "varsler": varsler,
            "varsel_rader": varsel_rader(actor=actor, varsler=varsler.items),
            "query": query,
            "godkjenninger": godkjenninger,
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def soeknad_ny(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    form = SoeknadForm(request.POST or None, tjenestetyper=tjenestetyper_gyldige(actor=actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = service_call(
            lambda: soeknad_create(
                actor=actor,
                data=SoeknadData(
                    identifikator=data["identifikator"],
                    mottatt_dato=data["mottatt_dato"],
                    kanal=data["kanal"],
                    soker=data["soker"],
                    representant_navn=data["representant_navn"],
                    representant_relasjon=data["representant_relasjon"],
                    beskrivelse=data["beskrivelse"],
                    tjenester=[(uuid.UUID(t), "") for t in data["tjenester"]],
                    saksbehandler_id=actor.pk,
                ),
            ),
            form=form,
        )
        if outcome.value is not None:
            messages.success(request, _("Søknaden er registrert og saken opprettet."))
            return HttpResponseRedirect(_sak_url(outcome.value.pk))
    return render(
        request,
        "tildeling/soknad_ny.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@staff_required
def soeknad_pasient_view(request: HttpRequest) -> HttpResponse:
    """The application form's patient picker (HTMX, search as you type): the patient search
    within what access allows (audited there); a full fødselsnummer the office does not
    know yet may still be used, since the application gives the office its relationship."""
    sok = request.GET.get("sok", "").strip()
    context: dict[str, object] = {"sok": sok, "result": None, "error": ""}
    try:
        context["result"] = pasient_search(actor=request_ansatt(request), sok=sok, storrelse=8)
    except ApplicationError as exc:
        context["error"] = str(exc.message)
    acting = acting_get(request)
    context["kan_be_om_tilgang"] = acting is not None and acting.can(Action.EMERGENCY_ACCESS)
    return render(request, "tildeling/_pasientvelger.html", context)


@require_GET
@staff_required
def sak_view(request: HttpRequest, sak_id: uuid.UUID) -> HttpResponse:
    return _sak_page(request, sak_id)


def _sak_page(
    request: HttpRequest, sak_id: uuid.UUID, notatform: NotatForm | None = None, status: int = 200
) -> HttpResponse:
    """The case page; a note that failed comes back as typed, with the reason (400)."""
    visning = sak_get(actor=request_ansatt(request), sak_id=sak_id)
    return render(
        request,
        "tildeling/sak.html",
        {
            "v": visning,
            "sak": visning.sak,
            "pasient": visning.sak.pasient,
            "notatform": notatform or NotatForm(initial={"type": "hjemmebesok"}),
        },
        status=status,
    )


@require_POST
@staff_required
def sak_status_view(request: HttpRequest, sak_id: uuid.UUID) -> HttpResponse:
    status = request.POST.get("status", "")
    return service_action(
        request,
        lambda: sak_status_set(actor=request_ansatt(request), sak_id=sak_id, status=status),
        ok=_("Saksstatus er endret."),
        redirect_to=_sak_url(sak_id),
    )


@require_POST
@staff_required
def sak_assign_view(request: HttpRequest, sak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return service_action(
        request,
        lambda: sak_assign(actor=actor, sak_id=sak_id, saksbehandler_id=actor.pk),
        ok=_("Du er saksbehandler for saken."),
        redirect_to=_sak_url(sak_id),
    )


@require_POST
@staff_required
def sak_kartlegging_view(request: HttpRequest, sak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return service_action(
        request,
        lambda: sak_kartlegging_link(actor=actor, sak_id=sak_id),
        ok=_("Kartleggingen er knyttet til saken."),
        redirect_to=_sak_url(sak_id),
    )


@require_POST
@staff_required
def sak_notat_view(request: HttpRequest, sak_id: uuid.UUID) -> HttpResponse:
    form = NotatForm(request.POST)
    if form.is_valid():
        outcome = service_call(
            lambda: sak_notat_create(
                actor=request_ansatt(request), sak_id=sak_id, **form.cleaned_data
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Notatet er lagret."))
            return HttpResponseRedirect(_sak_url(sak_id))
    return _sak_page(request, sak_id, notatform=form, status=400)
