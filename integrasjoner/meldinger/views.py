"""Pages: a unit's message inbox, one message, the matching queue, and a patient's
conversations with the reply form."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.api.pagination import side_fetch, side_parse
from core.decorators import request_ansatt, staff_required
from core.web import service_call
from integrasjoner.meldinger.forms import KoblingForm, SvarForm
from integrasjoner.meldinger.selectors import (
    SIDE,
    avviste_list,
    innboks_list,
    koblingsko_list,
    melding_get,
    meldinger_audit,
    samtaler_for_pasient,
)
from integrasjoner.meldinger.services import dialog_reply, melding_handle, melding_match

VIS_XML_MAKS = 200_000  # characters of the raw message shown (attachments can be large)


@require_GET
@staff_required
def innboks(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    side = side_fetch(
        innboks_list(actor=actor), nummer=side_parse(request.GET.get("side")), storrelse=SIDE
    )
    meldinger_audit(actor=actor, rows=side.items)
    antall_parkert = koblingsko_list(actor=actor).count()
    return render(
        request, "meldinger/innboks.html", {"side": side, "antall_parkert": antall_parkert}
    )


@require_GET
@staff_required
def melding(request: HttpRequest, melding_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    m = melding_get(actor=actor, melding_id=melding_id)
    context = {
        "m": m,
        "kvitteringer": list(m.kvitteringer.order_by("created_at")),
        "xml": m.xml[:VIS_XML_MAKS],
        "xml_avkortet": len(m.xml) > VIS_XML_MAKS,
    }
    return render(request, "meldinger/melding.html", context)


@require_POST
@staff_required
def melding_haandter(request: HttpRequest, melding_id: uuid.UUID) -> HttpResponse:
    outcome = service_call(
        lambda: melding_handle(actor=request_ansatt(request), melding_id=melding_id)
    )
    if outcome.ok:
        messages.success(request, _("Meldingen er markert som håndtert."))
    else:
        messages.error(request, outcome.error)
    return HttpResponseRedirect(reverse("meldinger:innboks"))


@require_GET
@staff_required
def koblingsko(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    side = side_fetch(
        koblingsko_list(actor=actor), nummer=side_parse(request.GET.get("side")), storrelse=SIDE
    )
    return render(request, "meldinger/koblingsko.html", {"side": side})


@require_http_methods(["GET", "POST"])
@staff_required
def kobl(request: HttpRequest, melding_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    m = melding_get(actor=actor, melding_id=melding_id)
    form = KoblingForm(request.POST or None, initial={"identifikator": m.pasient_ref})
    if request.method == "POST" and form.is_valid():
        outcome = service_call(
            lambda: melding_match(
                actor=actor,
                melding_id=melding_id,
                identifikator=form.cleaned_data["identifikator"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Meldingen er koblet til pasienten og behandlet."))
            return HttpResponseRedirect(reverse("meldinger:melding", args=[m.pk]))
    return render(
        request,
        "meldinger/kobl.html",
        {"m": m, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def samtaler(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    svar_til = request.POST.get("samtale", "") if request.method == "POST" else ""
    form = SvarForm(request.POST or None, auto_id="id_svar_%s")
    if request.method == "POST" and form.is_valid():
        outcome = service_call(
            lambda: dialog_reply(
                actor=actor, samtale_id=svar_til, tekst=form.cleaned_data["tekst"]
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Svaret er lagret og sendes til mottakeren."))
            return HttpResponseRedirect(reverse("meldinger:samtaler", args=[pasient_id]))
    innhold = samtaler_for_pasient(actor=actor, pasient_id=pasient_id)
    return render(
        request,
        "meldinger/samtaler.html",
        {
            "samtaler": innhold.samtaler,
            "meldinger": innhold.meldinger,
            "form": form,
            "svar_til": svar_til,
            "pasient_id": pasient_id,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@staff_required
def avviste(request: HttpRequest) -> HttpResponse:
    """Admins: every rejected message, with the receipt's error codes."""
    side = side_fetch(
        avviste_list(actor=request_ansatt(request)),
        nummer=side_parse(request.GET.get("side")),
        storrelse=SIDE,
    )
    return render(request, "meldinger/avviste.html", {"side": side})
