"""Pages for critical information (CAVE) and problems/diagnoses, and the code type-ahead."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.middleware import acting_get
from core.models import Action
from core.web import service_call
from journal.forms.kritisk import (
    DiagnoseAvsluttForm,
    DiagnoseForm,
    GrunnForm,
    KritiskForm,
)
from journal.selectors import diagnose_list, kode_search, kritisk_list, pasient_get
from journal.services import diagnose_close, diagnose_create, kritisk_create, kritisk_deactivate

PAGE_SIZE = 50


def _page(
    request: HttpRequest,
    pasient_id: uuid.UUID,
    *,
    kritisk_form: KritiskForm | None = None,
    diagnose_form: DiagnoseForm | None = None,
    feil: str = "",
) -> HttpResponse:
    """The whole page; 400 when it is shown again with errors from a POST."""
    actor = request_ansatt(request)
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    acting = acting_get(request)
    kritisk = kritisk_list(
        actor=actor,
        pasient_id=visning.pasient.pk,
        side=side_parse(request.GET.get("kside")),
        storrelse=PAGE_SIZE,
    )
    context = {
        "pasient": visning.pasient,
        "visning": visning,
        "kritisk": kritisk,
        "aktive": [k for k in kritisk.items if k.aktiv],
        "historikk": [k for k in kritisk.items if not k.aktiv],
        "diagnoser": diagnose_list(
            actor=actor,
            pasient_id=visning.pasient.pk,
            side=side_parse(request.GET.get("dside")),
            storrelse=PAGE_SIZE,
        ),
        "kritisk_form": kritisk_form or KritiskForm(),
        "diagnose_form": diagnose_form or DiagnoseForm(),
        "kan_skrive": acting is not None and acting.can(Action.WRITE_NOTE),
        "feil": feil,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "journal/kritisk.html", context, status=status)


def _form_message(form: forms.Form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _save(
    request: HttpRequest,
    pasient_id: uuid.UUID,
    form: forms.Form,
    write: Callable[[dict[str, Any]], object],
    *,
    anchor: str,
) -> HttpResponse:
    """Validate, call one service, redirect (PRG); otherwise the page again with errors.

    Input is checked before the service runs, so a refused patient gives the same 404
    (from pasient_get) whatever was posted.
    """
    if form.is_valid() and service_call(lambda: write(form.cleaned_data), form=form).ok:
        return HttpResponseRedirect(reverse("journal:kritisk", args=[pasient_id]) + anchor)
    if isinstance(form, KritiskForm):
        return _page(request, pasient_id, kritisk_form=form)
    if isinstance(form, DiagnoseForm):
        return _page(request, pasient_id, diagnose_form=form)
    return _page(request, pasient_id, feil=_form_message(form))


@require_GET
@staff_required
def kritisk(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    return _page(request, pasient_id)


@require_POST
@staff_required
def kritisk_ny(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return _save(
        request,
        pasient_id,
        KritiskForm(request.POST),
        lambda data: kritisk_create(actor=actor, pasient_id=pasient_id, **data),
        anchor="#kritisk",
    )


@require_POST
@staff_required
def kritisk_avslutt(
    request: HttpRequest, pasient_id: uuid.UUID, kritisk_id: uuid.UUID
) -> HttpResponse:
    actor = request_ansatt(request)
    return _save(
        request,
        pasient_id,
        GrunnForm(request.POST),
        lambda data: kritisk_deactivate(
            actor=actor, kritisk_id=kritisk_id, pasient_id=pasient_id, **data
        ),
        anchor="#kritisk",
    )


@require_POST
@staff_required
def diagnose_ny(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return _save(
        request,
        pasient_id,
        DiagnoseForm(request.POST),
        lambda data: diagnose_create(
            actor=actor,
            pasient_id=pasient_id,
            kode_id=data["kode_obj"].pk,
            debut=data["debut"],
            merknad=data["merknad"],
        ),
        anchor="#diagnoser",
    )


@require_POST
@staff_required
def diagnose_avslutt(
    request: HttpRequest, pasient_id: uuid.UUID, diagnose_id: uuid.UUID
) -> HttpResponse:
    actor = request_ansatt(request)
    return _save(
        request,
        pasient_id,
        DiagnoseAvsluttForm(request.POST),
        lambda data: diagnose_close(
            actor=actor, diagnose_id=diagnose_id, pasient_id=pasient_id, **data
        ),
        anchor="#diagnoser",
    )


@require_GET
@staff_required
def kode_soek(request: HttpRequest) -> HttpResponse:
    """Code search: <option>s for the type-ahead (HTMX), or a page of its own without JS."""
    sok, kodeverk = request.GET.get("kode", ""), request.GET.get("kodeverk", "")
    side = kode_search(
        actor=request_ansatt(request),
        sok=sok,
        kodeverk=kodeverk,
        side=side_parse(request.GET.get("side")),
    )
    context = {"side": side, "sok": sok, "kodeverk": kodeverk}
    if request.headers.get("HX-Request"):
        return render(request, "journal/diagnose_kodeforslag.html", context)
    return render(request, "journal/diagnose_koder.html", context)
