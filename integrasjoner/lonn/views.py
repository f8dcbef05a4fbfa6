"""Pages (/lonn/, admins): periods, one period with its lines, build progress, close, file."""

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
from integrasjoner.lonn.forms import LinjefilterForm, PeriodeForm
from integrasjoner.lonn.lib.csvfil import KOLONNER
from integrasjoner.lonn.models import ByggStatus
from integrasjoner.lonn.selectors import (
    PERIODER_SIDE,
    loennsfil_get,
    loennslinjer_side,
    loennslinjer_valg,
    loennsperiode_get,
    loennsperioder_list,
)
from integrasjoner.lonn.services import (
    loennsperiode_build_request,
    loennsperiode_close,
    loennsperiode_create,
)

POLL_SECONDS = 2
BYGGER = (ByggStatus.KOET, ByggStatus.PAAGAAR)


@require_http_methods(["GET", "POST"])
@staff_required
def perioder(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    form = PeriodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            outcome = service_call(
                lambda: loennsperiode_create(actor=actor, **form.cleaned_data), form=form
            )
            if outcome.ok and outcome.value is not None:
                messages.success(request, _("Perioden er opprettet."))
                return HttpResponseRedirect(reverse("lonn:periode", args=[outcome.value.pk]))
        status = 400
    side = side_fetch(
        loennsperioder_list(actor=actor),
        nummer=side_parse(request.GET.get("side")),
        storrelse=PERIODER_SIDE,
    )
    return render(request, "lonn/perioder.html", {"side": side, "form": form}, status=status)


@require_GET
@staff_required
def periode(request: HttpRequest, periode_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    filter_form = LinjefilterForm(request.GET)
    valgt = filter_form.cleaned_data if filter_form.is_valid() else {}
    periode, side = loennslinjer_side(
        actor=actor,
        periode_id=periode_id,
        nummer=side_parse(request.GET.get("side")),
        ansatt_id=valgt.get("ansatt"),
        enhet_id=valgt.get("enhet"),
    )
    query = request.GET.copy()
    query.pop("side", None)
    context = {
        "periode": periode,
        "side": side,
        "valg": loennslinjer_valg(periode=periode),
        "valgt": valgt,
        "filter_query": query.urlencode(),
        "kolonner": KOLONNER,
        "bygger": periode.bygg_status in BYGGER,
        "poll": POLL_SECONDS,
    }
    return render(request, "lonn/periode.html", context)


@require_GET
@staff_required
def fremdrift(request: HttpRequest, periode_id: uuid.UUID) -> HttpResponse:
    periode = loennsperiode_get(actor=request_ansatt(request), periode_id=periode_id)
    bygger = periode.bygg_status in BYGGER
    response = render(
        request,
        "lonn/_fremdrift.html",
        {"periode": periode, "bygger": bygger, "poll": POLL_SECONDS},
    )
    if not bygger and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # done: show the new lines
    return response


@require_POST
@staff_required
def bygg(request: HttpRequest, periode_id: uuid.UUID) -> HttpResponse:
    return service_action(
        request,
        lambda: loennsperiode_build_request(actor=request_ansatt(request), periode_id=periode_id),
        ok=_("Perioden bygges. Siden oppdateres når den er ferdig."),
        redirect_to=reverse("lonn:periode", args=[periode_id]),
    )


@require_POST
@staff_required
def lukk(request: HttpRequest, periode_id: uuid.UUID) -> HttpResponse:
    return service_action(
        request,
        lambda: loennsperiode_close(actor=request_ansatt(request), periode_id=periode_id),
        ok=_("Perioden er lukket, og lønnsfilen sendes til lønnssystemet."),
        redirect_to=reverse("lonn:periode", args=[periode_id]),
    )


@require_GET
@staff_required
def fil(request: HttpRequest, periode_id: uuid.UUID) -> HttpResponse:
    lonnsfil = loennsfil_get(actor=request_ansatt(request), periode_id=periode_id)
    response = HttpResponse(lonnsfil.innhold, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{lonnsfil.filnavn}"'
    return response
