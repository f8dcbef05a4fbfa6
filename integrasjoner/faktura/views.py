"""Pages for invoicing (/faktura/): runs, a run with its lines, the CSV, the rates."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.api.pagination import side_fetch, side_parse
from core.decorators import request_ansatt, staff_required
from core.web import service_action, service_call
from integrasjoner.faktura.forms import KjoeringStartForm
from integrasjoner.faktura.selectors import (
    fil_get,
    grunnbeloep_list,
    kjoering_get,
    kjoering_has_fil,
    kjoeringer_list,
    linjer_list,
    satser_list,
)
from integrasjoner.faktura.services import eksport, kjoering_send, kjoering_start, maaned_parse

KJORINGER_SIDE = 20
POLL_SECONDS = 2


def _kjoeringer_page(
    request: HttpRequest, form: KjoeringStartForm, status: int = 200
) -> HttpResponse:
    side = side_fetch(
        kjoeringer_list(actor=request_ansatt(request)),
        nummer=side_parse(request.GET.get("side")),
        storrelse=KJORINGER_SIDE,
    )
    return render(request, "faktura/kjoringer.html", {"side": side, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def kjoringer(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _kjoeringer_page(request, KjoeringStartForm())
    form = KjoeringStartForm(request.POST)
    if form.is_valid():
        outcome = service_call(
            lambda: kjoering_start(
                actor=request_ansatt(request), maned=maaned_parse(form.cleaned_data["maned"])
            )
        )
        if outcome.ok and outcome.value is not None:
            messages.success(request, _("Kjøringen er startet."))
            return HttpResponseRedirect(reverse("faktura:kjoring", args=[outcome.value.pk]))
        form.add_error("maned", outcome.error)
    return _kjoeringer_page(request, form, status=400)


@require_GET
@staff_required
def kjoring(request: HttpRequest, kjoring_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    if request.headers.get("HX-Request"):
        run = kjoering_get(actor=actor, kjoring_id=kjoring_id)
        return render(request, "faktura/_status.html", {"kjoring": run, "poll": POLL_SECONDS})
    linjer = linjer_list(
        actor=actor,
        kjoring_id=kjoring_id,
        pasient_id=request.GET.get("pasient"),
        side=side_parse(request.GET.get("side")),
    )
    context = {
        "kjoring": linjer.kjoring,
        "linjer": linjer,
        "side": linjer.side,
        "query": urlencode({"pasient": linjer.pasient_sok}) if linjer.pasient_sok else "",
        "har_fil": kjoering_has_fil(kjoring=linjer.kjoring),
        "poll": POLL_SECONDS,
        "kolonner": eksport.KOLONNER,
    }
    return render(request, "faktura/kjoring.html", context)


@require_POST
@staff_required
def kjoering_send_view(request: HttpRequest, kjoring_id: uuid.UUID) -> HttpResponse:
    return service_action(
        request,
        lambda: kjoering_send(actor=request_ansatt(request), kjoring_id=kjoring_id),
        ok=_("Kjøringen er godkjent og sendes til økonomisystemet."),
        redirect_to=reverse("faktura:kjoring", args=[kjoring_id]),
    )


@require_GET
@staff_required
def kjoering_fil(request: HttpRequest, kjoring_id: uuid.UUID) -> StreamingHttpResponse:
    fil = fil_get(actor=request_ansatt(request), kjoring_id=kjoring_id)
    response = StreamingHttpResponse(eksport.fil_deler(fil), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{fil.filnavn}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@staff_required
def satser(request: HttpRequest) -> HttpResponse:
    context = {"satser": satser_list(actor=request_ansatt(request)), "g": grunnbeloep_list()}
    return render(request, "faktura/satser.html", context)
