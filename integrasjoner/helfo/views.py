"""Pages for claims to HELFO (/integrasjoner/helfo/): the unit's claims with their state,
one claim with its lines, the worklist of rejected lines (correct, then resend), and
settlements for unknown claims (administrators)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.exceptions import NotFound
from core.klokke import idag
from core.middleware import acting_get
from core.models import Enhet
from core.web import service_action, service_call
from integrasjoner.helfo.forms import KorreksjonForm
from integrasjoner.helfo.selectors import (
    arbeidsliste_linje_get,
    arbeidsliste_page,
    krav_get,
    krav_linjer_page,
    krav_list,
    krav_page,
    ukjente_oppgjoer_page,
)
from integrasjoner.helfo.services import (
    krav_build,
    krav_resend,
    krav_send,
    kravlinje_correct,
)
from integrasjoner.helfo.tasks import oppgjoer_poll as oppgjoer_poll_task


def _acting_enhet(request: HttpRequest) -> Enhet:
    acting = acting_get(request)
    if acting is None:  # staff_required already sends such requests to choose a unit
        raise NotFound
    return acting.enhet


def uken(dag: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Sunday of the week of `dag`."""
    mandag = dag - dt.timedelta(days=dag.weekday())
    return mandag, mandag + dt.timedelta(days=6)


@require_GET
@staff_required
def krav_liste(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    side = krav_page(actor=actor, nummer=side_parse(request.GET.get("side")))
    fra, til = uken(idag())
    return render(request, "helfo/krav_liste.html", {"side": side, "fra": fra, "til": til})


@require_POST
@staff_required
def krav_bygg(request: HttpRequest) -> HttpResponse:
    """Build this week's claims from the signed consultations and send them."""
    actor = request_ansatt(request)
    enhet = _acting_enhet(request)
    fra, til = uken(idag())

    def bygg_og_send() -> int:
        alle = krav_build(actor=actor, enhet=enhet, fra=fra, til=til)
        for krav in alle:
            krav_send(actor=actor, krav_id=krav.pk)
        return len(alle)

    outcome = service_call(bygg_og_send)
    if outcome.ok:
        messages.success(request, _("Kravet er validert og sendes til HELFO."))
    else:
        messages.error(request, outcome.error)
    return HttpResponseRedirect(reverse("helfo:krav_liste"))


@require_POST
@staff_required
def oppgjoer_hent(request: HttpRequest) -> HttpResponse:
    """Ask for HELFO's settlements now (queued; the beat fetches them every 5 minutes)."""
    krav_list(actor=request_ansatt(request))  # the SIGN right in the acting unit, or 403
    try:
        oppgjoer_poll_task.delay()
        messages.success(request, _("Oppgjør hentes fra HELFO. Last siden på nytt om litt."))
    except Exception:  # the broker is down: the beat fetches them later
        messages.error(request, _("Kunne ikke be om oppgjør nå; de hentes automatisk senere."))
    return HttpResponseRedirect(reverse("helfo:krav_liste"))


@require_GET
@staff_required
def krav_detalj(request: HttpRequest, krav_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    krav = krav_get(actor=actor, krav_id=krav_id)
    linjer = krav_linjer_page(actor=actor, krav=krav, nummer=side_parse(request.GET.get("side")))
    return render(request, "helfo/krav.html", {"krav": krav, "side": linjer})


@require_POST
@staff_required
def krav_send_view(request: HttpRequest, krav_id: uuid.UUID) -> HttpResponse:
    return service_action(
        request,
        lambda: krav_send(actor=request_ansatt(request), krav_id=krav_id),
        ok=_("Kravet sendes til HELFO."),
        redirect_to=reverse("helfo:krav", args=[krav_id]),
    )


def _arbeidsliste(
    request: HttpRequest,
    *,
    skjema: dict[uuid.UUID, KorreksjonForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request_ansatt(request)
    side = arbeidsliste_page(actor=actor, nummer=side_parse(request.GET.get("side")))
    skjema = skjema or {}
    rader = [
        (
            linje,
            skjema.get(linje.pk)
            or KorreksjonForm(
                initial={
                    "takster": ", ".join(
                        f"{t['kode']} {t['antall']}x{t['verdi']}"
                        if int(t["antall"]) > 1
                        else f"{t['kode']} {t['verdi']}"
                        for t in linje.takster
                    ),
                    "diagnoser": ", ".join(linje.diagnoser),
                    "merknad": linje.merknad,
                },
                prefix=str(linje.pk),
            ),
        )
        for linje in side.items
    ]
    har_korrigerte = any(linje.status == "korrigert" for linje in side.items)
    return render(
        request,
        "helfo/arbeidsliste.html",
        {"side": side, "rader": rader, "har_korrigerte": har_korrigerte},
        status=status,
    )


@require_GET
@staff_required
def arbeidsliste(request: HttpRequest) -> HttpResponse:
    return _arbeidsliste(request)


@require_http_methods(["POST"])
@staff_required
def linje_korriger(request: HttpRequest, linje_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    linje = arbeidsliste_linje_get(actor=actor, linje_id=linje_id)
    form = KorreksjonForm(request.POST, prefix=str(linje.pk))
    if form.is_valid():
        outcome = service_call(
            lambda: kravlinje_correct(
                actor=actor,
                linje_id=linje.pk,
                takster=form.cleaned_data["takster"],
                diagnoser=form.cleaned_data["diagnoser"],
                merknad=form.cleaned_data["merknad"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Linjen er korrigert. Send de korrigerte linjene på nytt."))
            return HttpResponseRedirect(reverse("helfo:arbeidsliste"))
    return _arbeidsliste(request, skjema={linje.pk: form}, status=400)


@require_POST
@staff_required
def send_paa_nytt(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    enhet = _acting_enhet(request)
    return service_action(
        request,
        lambda: krav_resend(actor=actor, enhet=enhet),
        ok=_("De korrigerte linjene er sendt til HELFO i et nytt krav."),
        redirect_to=reverse("helfo:arbeidsliste"),
    )


@require_GET
@staff_required
def ukjente_oppgjoer(request: HttpRequest) -> HttpResponse:
    side = ukjente_oppgjoer_page(
        actor=request_ansatt(request), nummer=side_parse(request.GET.get("side"))
    )
    return render(request, "helfo/ukjente_oppgjoer.html", {"side": side})
