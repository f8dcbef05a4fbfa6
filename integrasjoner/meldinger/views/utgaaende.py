"""Pages for outgoing messages (/meldinger/): the unit's outbox with its alerts, one message,
and on the patient's page: send an Innleggelsesrapport, a dialog message to the GP, and the
answer to a GP's question."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.api.pagination import side_fetch, side_parse
from core.context import acting_enhet_id
from core.decorators import request_ansatt, staff_required
from core.web import service_action, service_call
from integrasjoner.meldinger.forms import DialogForm, DialogSvarForm, InnleggelsesrapportForm
from integrasjoner.meldinger.selectors import (
    eksterne_mottakere,
    pasient_meldinger,
    utgaaende_get,
    utgaaende_list,
    utgaaende_list_audit,
)
from integrasjoner.meldinger.services import (
    dialog_send,
    dialog_svar_send,
    innleggelsesrapport_send,
    varsel_close,
)

SIDE = 25


@require_GET
@staff_required
def utboks(request: HttpRequest) -> HttpResponse:
    """The acting unit's outgoing messages: open alerts first, then newest."""
    actor = request_ansatt(request)
    bare_varsler = request.GET.get("varsler") == "1"
    side = side_fetch(
        utgaaende_list(actor=actor, bare_varsler=bare_varsler),
        nummer=side_parse(request.GET.get("side")),
        storrelse=SIDE,
    )
    utgaaende_list_audit(actor=actor, meldinger=list(side.items))
    return render(request, "meldinger/utboks.html", {"side": side, "bare_varsler": bare_varsler})


@require_GET
@staff_required
def utgaaende_detalj(request: HttpRequest, melding_id: uuid.UUID) -> HttpResponse:
    melding = utgaaende_get(actor=request_ansatt(request), melding_id=melding_id)
    return render(request, "meldinger/utgaaende_detalj.html", {"melding": melding})


@require_POST
@staff_required
def varsel_lukk(request: HttpRequest, melding_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return service_action(
        request,
        lambda: varsel_close(actor=actor, melding_id=melding_id),
        ok=_("Varselet er lukket."),
        redirect_to=reverse("meldinger:utgaaende_detalj", args=[melding_id]),
    )


def _pasient_side(
    request: HttpRequest,
    pasient_id: uuid.UUID,
    template: str,
    context: dict[str, object],
    status: int = 200,
) -> HttpResponse:
    pasient, meldinger = pasient_meldinger(actor=request_ansatt(request), pasient_id=pasient_id)
    return render(
        request, template, {"pasient": pasient, "meldinger": meldinger, **context}, status=status
    )


def _sendt(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    messages.success(request, _("Meldingen er validert og lagt i kø for sending."))
    return HttpResponseRedirect(reverse("meldinger:pasient", args=[pasient_id]))


@require_GET
@staff_required
def pasient(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    """The patient's messages from the acting unit, with the send actions."""
    return _pasient_side(request, pasient_id, "meldinger/pasient.html", {})


@require_http_methods(["GET", "POST"])
@staff_required
def innleggelsesrapport(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    mottakere = list(eksterne_mottakere(actor=actor))
    if request.method == "GET":
        form = InnleggelsesrapportForm(mottakere=mottakere)
        return _pasient_side(
            request, pasient_id, "meldinger/innleggelsesrapport.html", {"form": form}
        )
    form = InnleggelsesrapportForm(request.POST, mottakere=mottakere)
    if form.is_valid():
        data = form.cleaned_data
        outcome = service_call(
            lambda: innleggelsesrapport_send(
                actor=actor,
                pasient_id=pasient_id,
                enhet_id=acting_enhet_id(),
                mottaker_herid=data["mottaker"],
                aarsak=data["aarsak"],
                viktige_opplysninger=data["viktige_opplysninger"],
            ),
            form=form,
        )
        if outcome.ok:
            return _sendt(request, pasient_id)
    return _pasient_side(
        request, pasient_id, "meldinger/innleggelsesrapport.html", {"form": form}, status=400
    )


@require_http_methods(["GET", "POST"])
@staff_required
def dialog(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    """A dialog message to the patient's GP."""
    actor = request_ansatt(request)
    if request.method == "GET":
        return _pasient_side(request, pasient_id, "meldinger/dialog.html", {"form": DialogForm()})
    form = DialogForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        outcome = service_call(
            lambda: dialog_send(
                actor=actor,
                pasient_id=pasient_id,
                enhet_id=acting_enhet_id(),
                type=data["type"],
                tema=data["tema"],
                tekst=data["tekst"],
            ),
            form=form,
        )
        if outcome.ok:
            return _sendt(request, pasient_id)
    return _pasient_side(request, pasient_id, "meldinger/dialog.html", {"form": form}, status=400)


@require_http_methods(["GET", "POST"])
@staff_required
def dialog_svar(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    """The answer to a question received from a GP (the inbound conversation links here
    with ?svar_paa=<MsgId>&mottaker_herid=<HER-id>&sporsmal=<text>)."""
    actor = request_ansatt(request)
    if request.method == "GET":
        form = DialogSvarForm(
            initial={
                "svar_paa": request.GET.get("svar_paa", "")[:64],
                "mottaker_herid": request.GET.get("mottaker_herid", "")[:9],
                "sporsmal": request.GET.get("sporsmal", "")[:8000],
            }
        )
        return _pasient_side(request, pasient_id, "meldinger/dialog_svar.html", {"form": form})
    form = DialogSvarForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        outcome = service_call(
            lambda: dialog_svar_send(
                actor=actor,
                pasient_id=pasient_id,
                enhet_id=acting_enhet_id(),
                svar_paa=data["svar_paa"],
                sporsmal=data["sporsmal"],
                mottaker_herid=data["mottaker_herid"],
                tekst=data["tekst"],
            ),
            form=form,
        )
        if outcome.ok:
            return _sendt(request, pasient_id)
    return _pasient_side(
        request, pasient_id, "meldinger/dialog_svar.html", {"form": form}, status=400
    )
