"""Pages: the response queue (responssenter) and one alarm (acknowledge, close)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.decorators import request_ansatt, staff_required
from core.web import service_action, service_call
from integrasjoner.velferdsteknologi.forms import AlarmLukkForm
from integrasjoner.velferdsteknologi.models import AlarmStatus
from integrasjoner.velferdsteknologi.selectors import alarm_get, alarmer_closed_recent, alarmer_open
from integrasjoner.velferdsteknologi.services import (
    alarm_acknowledge,
    alarm_close,
    can_record_in_journal,
)

POLL_SECONDS = 5


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
        "kan_journalfore": can_record_in_journal(actor),
    }
    return render(request, "velferdsteknologi/alarm.html", context, status=status)


@require_GET
@staff_required
def alarm_detalj(request: HttpRequest, alarm_id: uuid.UUID) -> HttpResponse:
    return _alarm_page(request, alarm_id, AlarmLukkForm())


@require_POST
@staff_required
def alarm_kvitter(request: HttpRequest, alarm_id: uuid.UUID) -> HttpResponse:
    return service_action(
        request,
        lambda: alarm_acknowledge(actor=request_ansatt(request), alarm_id=alarm_id),
        ok=_("Alarmen er kvittert. Alarmsentralen får beskjed."),
        redirect_to=reverse("velferdsteknologi:alarm_detalj", args=[alarm_id]),
    )


@require_POST
@staff_required
def alarm_lukk(request: HttpRequest, alarm_id: uuid.UUID) -> HttpResponse:
    form = AlarmLukkForm(request.POST)
    if form.is_valid():
        outcome = service_call(
            lambda: alarm_close(
                actor=request_ansatt(request), alarm_id=alarm_id, **form.cleaned_data
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Alarmen er håndtert og dokumentert."))
            return HttpResponseRedirect(reverse("velferdsteknologi:responssenter"))
    return _alarm_page(request, alarm_id, form, status=400)
