"""The integration dashboard for admins (/integrasjoner/)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.api.pagination import side_fetch, side_parse
from core.decorators import request_ansatt, staff_required
from core.outbox import levering_replay
from core.web import service_call
from integrasjoner.faktura.selectors import kjoeringer_recent
from integrasjoner.meldinger.selectors import meldingstall_per_type  # meldinger_inn
from integrasjoner.selectors import leveringer_dead, leveringer_history, mottaker_statuses

HISTORIKK_SIDE = 25


@require_GET
@staff_required
def oversikt(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    context = {
        "mottakere": mottaker_statuses(actor=actor),
        # Batch exports and their files (invoice runs of the acting kommune).
        "kjoringer": kjoeringer_recent(actor=actor),
        # Received messages per type: waiting, parked, rejected (meldinger_inn).
        "meldingstall": meldingstall_per_type(actor=actor),
    }
    return render(request, "integrasjoner/oversikt.html", context)


@require_GET
@staff_required
def mottaker(request: HttpRequest, navn: str) -> HttpResponse:
    actor = request_ansatt(request)
    side = side_fetch(
        leveringer_history(actor=actor, mottaker=navn),
        nummer=side_parse(request.GET.get("side")),
        storrelse=HISTORIKK_SIDE,
    )
    context = {"navn": navn, "dode": leveringer_dead(actor=actor, mottaker=navn), "side": side}
    return render(request, "integrasjoner/mottaker.html", context)


@require_POST
@staff_required
def levering_send_igjen(request: HttpRequest, levering_id: uuid.UUID) -> HttpResponse:
    outcome = service_call(
        lambda: levering_replay(actor=request_ansatt(request), levering_id=levering_id)
    )
    if not outcome.ok or outcome.value is None:
        messages.error(request, outcome.error)
        return HttpResponseRedirect(reverse("integrasjoner:oversikt"))
    messages.success(request, _("Leveringen er lagt i kø på nytt."))
    return HttpResponseRedirect(reverse("integrasjoner:mottaker", args=[outcome.value.mottaker]))
