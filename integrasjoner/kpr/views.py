"""Pages for the KPR/IPLOS report (/kpr/): the history with a form to build a period, one
report with its progress, the persons left out (with links to fix them) and sending."""

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
from core.web import service_action, service_call
from integrasjoner.kpr.forms import RapportStartForm
from integrasjoner.kpr.selectors import kodeverdier, mangler_list, rapport_get, rapporter_list
from integrasjoner.kpr.services import rapport_send, rapport_start

RAPPORTER_SIDE = 20
POLL_SECONDS = 2
# Where a missing fact is fixed, by field.
RETT_LENKE = {
    "kartlegging": "journal:kartlegging_ny",
    "kjonn": "journal:pasient_detalj",
    "kommune": "journal:pasient_detalj",
    "identifikator": "journal:pasient_detalj",
}


def _rapporter_page(
    request: HttpRequest, form: RapportStartForm, status: int = 200
) -> HttpResponse:
    side = side_fetch(
        rapporter_list(actor=request_ansatt(request)),
        nummer=side_parse(request.GET.get("side")),
        storrelse=RAPPORTER_SIDE,
    )
    return render(request, "kpr/rapporter.html", {"side": side, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def rapporter(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _rapporter_page(request, RapportStartForm())
    form = RapportStartForm(request.POST)
    if form.is_valid():
        outcome = service_call(
            lambda: rapport_start(
                actor=request_ansatt(request),
                fra=form.cleaned_data["fra"],
                til=form.cleaned_data["til"],
            ),
            form=form,
        )
        if outcome.ok and outcome.value is not None:
            messages.success(request, _("Rapporten bygges."))
            return HttpResponseRedirect(reverse("kpr:rapport", args=[outcome.value.pk]))
        if not form.errors:  # (service_call puts rule errors on the form as non-field)
            form.add_error(None, outcome.error)
    return _rapporter_page(request, form, status=400)


@require_GET
@staff_required
def rapport(request: HttpRequest, rapport_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    if request.headers.get("HX-Request"):
        found = rapport_get(actor=actor, rapport_id=rapport_id)
        return render(request, "kpr/_status.html", {"rapport": found, "poll": POLL_SECONDS})
    mangler = mangler_list(
        actor=actor, rapport_id=rapport_id, side=side_parse(request.GET.get("side"))
    )
    rader = [
        {
            "rad": m,
            "lenke": (
                reverse(RETT_LENKE[m.felt], args=[m.pasient.pk])
                if m.pasient is not None and m.felt in RETT_LENKE
                else ""
            ),
        }
        for m in mangler.side.items
    ]
    context = {
        "rapport": mangler.rapport,
        "side": mangler.side,
        "rader": rader,
        "poll": POLL_SECONDS,
        "koder": kodeverdier(),
    }
    return render(request, "kpr/rapport.html", context)


@require_POST
@staff_required
def rapport_send_view(request: HttpRequest, rapport_id: uuid.UUID) -> HttpResponse:
    return service_action(
        request,
        lambda: rapport_send(actor=request_ansatt(request), rapport_id=rapport_id),
        ok=_("Rapporten er sendt til KPR."),
        redirect_to=reverse("kpr:rapport", args=[rapport_id]),
    )
