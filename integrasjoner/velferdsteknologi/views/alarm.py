"""Pages: the response queue (responssenter), one alarm, parked events and matching."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.api.pagination import side_fetch, side_parse
from core.decorators import request_ansatt, staff_required
from core.exceptions import ApplicationError
from integrasjoner.velferdsteknologi.forms import AlarmLukkForm, KoblingForm
from integrasjoner.velferdsteknologi.models import AlarmStatus
from integrasjoner.velferdsteknologi.selectors import (
    PARKERT_SIDE,
    alarm_get,
    alarmer_closed_recent,
    alarmer_open,
    hendelse_parked_get,
    hendelser_parked,
)
from integrasjoner.velferdsteknologi.services import (
    alarm_acknowledge,
    alarm_close,
    can_journalfor,
    hendelse_match,
)

POLL_SECONDS = 5


def _form_errors(form: Form, exc: ValidationError | ApplicationError) -> None:
    if isinstance(exc, ApplicationError):
        if exc.status_code in (403, 404):
            raise exc  # the ordinary 403 / 404 pages
        form.add_error(None, str(exc.message))
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_GET
@staff_required
def responssenter(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    context = {"alarmer": alarmer_open(actor=actor), "poll": POLL_SECONDS}
    if request.headers.get("HX-Request"):
        return render(request, "velferdsteknologi/_alarmko.html", context)
    context["lukket"] = alarmer_closed_recent(actor=actor)
    return render(request, "velferdsteknologi/responssenter.html", context)


def _alarm_page(
    request: HttpRequest, alarm_id: uuid.UUID, form: AlarmLukkForm, status: int = 200
) -> HttpResponse:
    actor = request_ansatt(request)
    alarm = alarm_get(actor=actor, alarm_id=alarm_id)
    context = {
        "alarm": alarm,
        "form": form,
        "kan_kvittere": alarm.status == AlarmStatus.AAPEN,
        "kan_lukke": alarm.status != AlarmStatus.LUKKET,
        "kan_journalfore": can_journalfor(actor),
    }
    return render(request, "velferdsteknologi/alarm.html", context, status=status)


@require_GET
@staff_required
def alarm_detalj(request: HttpRequest, alarm_id: uuid.UUID) -> HttpResponse:
    return _alarm_page(request, alarm_id, AlarmLukkForm())


@require_POST
@staff_required
def alarm_kvitter(request: HttpRequest, alarm_id: uuid.UUID) -> HttpResponse:
    try:
        alarm_acknowledge(actor=request_ansatt(request), alarm_id=alarm_id)
    except ApplicationError as exc:
        if exc.status_code in (403, 404):
            raise
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Alarmen er kvittert. Alarmsentralen får beskjed."))
    return HttpResponseRedirect(reverse("velferdsteknologi:alarm_detalj", args=[alarm_id]))


@require_POST
@staff_required
def alarm_lukk(request: HttpRequest, alarm_id: uuid.UUID) -> HttpResponse:
    form = AlarmLukkForm(request.POST)
    if form.is_valid():
        try:
            alarm_close(actor=request_ansatt(request), alarm_id=alarm_id, **form.cleaned_data)
        except (ValidationError, ApplicationError) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Alarmen er håndtert og dokumentert."))
            return HttpResponseRedirect(reverse("velferdsteknologi:responssenter"))
    return _alarm_page(request, alarm_id, form, status=400)


@require_GET
@staff_required
def parkert(request: HttpRequest) -> HttpResponse:
    rows = hendelser_parked(actor=request_ansatt(request))
    side = side_fetch(rows, nummer=side_parse(request.GET.get("side")), storrelse=PARKERT_SIDE)
    return render(request, "velferdsteknologi/parkert.html", {"side": side})


@require_http_methods(["GET", "POST"])
@staff_required
def parkert_kobl(request: HttpRequest, hendelse_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    hendelse = hendelse_parked_get(actor=actor, hendelse_id=hendelse_id)
    form = KoblingForm(request.POST or None, initial={"identifikator": hendelse.pasient_ref})
    if request.method == "POST" and form.is_valid():
        try:
            hendelse_match(actor=actor, hendelse_id=hendelse_id, **form.cleaned_data)
        except (ValidationError, ApplicationError) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Hendelsen er koblet til pasienten."))
            return HttpResponseRedirect(reverse("velferdsteknologi:parkert"))
    return render(
        request,
        "velferdsteknologi/parkert_kobl.html",
        {"hendelse": hendelse, "form": form},
        status=400 if request.method == "POST" else 200,
    )
