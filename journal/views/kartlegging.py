"""Assessment pages: the history, a new assessment (choose a form, then one page with all
items), one assessment (a draft is edited there), feilregistrering, IPLOS over time."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.exceptions import ApplicationError, NotFound
from core.web import service_action
from journal.forms.kartlegging import KartleggingForm
from journal.lib.skjema import definisjon_parse
from journal.models import Kartlegging
from journal.selectors import (
    Kartleggingsvisning,
    Pasientvisning,
    kartlegging_get,
    kartlegging_pasient_get,
    kartlegging_utvikling,
    kartleggingsside_get,
    kartleggingsskjema_get,
    kartleggingsskjema_list,
    pasient_get,
)
from journal.services import (
    kartlegging_complete,
    kartlegging_create,
    kartlegging_draft_save,
    kartlegging_invalidate,
)


def _detail_url(kartlegging: Kartlegging) -> str:
    return reverse("journal:kartlegging_detalj", args=[kartlegging.pasient_id, kartlegging.pk])


def _saved_message(request: HttpRequest, kartlegging: Kartlegging, fullfort: bool) -> None:
    if fullfort:
        messages.success(request, _("Kartleggingen er fullført."))
    else:
        messages.success(request, _("Utkastet er lagret."))


def _failed(form: KartleggingForm, exc: ValidationError | ApplicationError) -> None:
    if isinstance(exc, ValidationError):
        form.errors_add(exc.message_dict)
        return
    if exc.status_code != 400:
        raise exc  # the ordinary 403 / 404 pages, same as everywhere else
    form.add_error(None, str(exc.message))


@require_GET
@staff_required
def kartlegginger(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    side = kartleggingsside_get(
        actor=request_ansatt(request),
        pasient_id=pasient_id,
        side=side_parse(request.GET.get("side")),
    )
    context = {
        "pasient": side.visning.pasient,
        "visning": side.visning,
        "oversikt": side.oversikt,
        "skjemaer": side.skjemaer,
    }
    return render(request, "journal/kartlegginger.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def kartlegging_ny(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    visning = kartlegging_pasient_get(actor=actor, pasient_id=pasient_id)
    kode = request.GET.get("skjema", "")
    if not kode:
        return render(
            request,
            "journal/kartlegging_velg.html",
            {"pasient": visning.pasient, "visning": visning, "skjemaer": kartleggingsskjema_list()},
        )
    skjema = kartleggingsskjema_get(skjema_kode=kode)
    form = KartleggingForm(definisjon_parse(skjema.definisjon), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kartlegging = kartlegging_create(
                actor=actor,
                pasient_id=pasient_id,
                skjema_kode=kode,
                data=form.data_get(),
                fullfor=form.fullfor,
            )
        except (ValidationError, ApplicationError) as exc:
            _failed(form, exc)
        else:
            _saved_message(request, kartlegging, form.fullfor)
            return HttpResponseRedirect(_detail_url(kartlegging))
    return _form_page(request, visning, form, skjema_navn=skjema.navn, kartlegging=None)


def _form_page(
    request: HttpRequest,
    visning: Pasientvisning,
    form: KartleggingForm,
    *,
    skjema_navn: str,
    kartlegging: Kartlegging | None,
) -> HttpResponse:
    return render(
        request,
        "journal/kartlegging_skjema.html",
        {
            "pasient": visning.pasient,
            "visning": visning,
            "form": form,
            "skjema_navn": skjema_navn,
            "definisjon": form.definisjon,
            "kartlegging": kartlegging,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@staff_required
def kartlegging_detalj(
    request: HttpRequest, pasient_id: uuid.UUID, kartlegging_id: uuid.UUID
) -> HttpResponse:
    actor = request_ansatt(request)
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    k = kartlegging_get(actor=actor, pasient_id=pasient_id, kartlegging_id=kartlegging_id)
    if k.kan_endre:
        form = KartleggingForm(k.definisjon, initial=_initial(k))
        return _form_page(
            request, visning, form, skjema_navn=k.kartlegging.skjema.navn, kartlegging=k.kartlegging
        )
    return render(
        request,
        "journal/kartlegging_detalj.html",
        {"pasient": visning.pasient, "visning": visning, "k": k},
    )


def _initial(k: Kartleggingsvisning) -> dict[str, object]:
    initial: dict[str, object] = {
        "dato": k.kartlegging.dato,
        "kommentar": k.kartlegging.kommentar,
    }
    for kode, verdi in k.kartlegging.svar.items():
        initial[f"svar_{kode}"] = verdi
    return initial


@require_POST
@staff_required
def kartlegging_rediger(
    request: HttpRequest, pasient_id: uuid.UUID, kartlegging_id: uuid.UUID
) -> HttpResponse:
    actor = request_ansatt(request)
    k = kartlegging_get(actor=actor, pasient_id=pasient_id, kartlegging_id=kartlegging_id)
    if not k.kan_endre:
        raise NotFound  # not a draft this person may edit: nothing to post to
    form = KartleggingForm(k.definisjon, request.POST)
    if form.is_valid():
        service = kartlegging_complete if form.fullfor else kartlegging_draft_save
        try:
            kartlegging = service(
                actor=actor,
                pasient_id=pasient_id,
                kartlegging_id=kartlegging_id,
                data=form.data_get(),
            )
        except (ValidationError, ApplicationError) as exc:
            _failed(form, exc)
        else:
            _saved_message(request, kartlegging, form.fullfor)
            return HttpResponseRedirect(_detail_url(kartlegging))
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    return _form_page(
        request, visning, form, skjema_navn=k.kartlegging.skjema.navn, kartlegging=k.kartlegging
    )


@require_POST
@staff_required
def kartlegging_feilregistrer_view(
    request: HttpRequest, pasient_id: uuid.UUID, kartlegging_id: uuid.UUID
) -> HttpResponse:
    return service_action(
        request,
        lambda: kartlegging_invalidate(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            kartlegging_id=kartlegging_id,
            grunn=request.POST.get("grunn", ""),
        ),
        ok=_("Kartleggingen er markert som feilregistrert."),
        redirect_to=reverse("journal:kartlegging_detalj", args=[pasient_id, kartlegging_id]),
    )


@require_GET
@staff_required
def kartlegging_utvikling_view(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    utvikling = kartlegging_utvikling(
        actor=request_ansatt(request),
        pasient_id=pasient_id,
        skjema_kode=request.GET.get("skjema") or "iplos",
    )
    context = {"pasient": utvikling.visning.pasient, "visning": utvikling.visning, "u": utvikling}
    return render(request, "journal/kartlegging_utvikling.html", context)
