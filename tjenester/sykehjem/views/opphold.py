"""Nursing-home pages: the occupancy board, admission, a stay and its events, the waiting
list, and the ward's rooms and beds. Phone first; rules and access live in the services."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.exceptions import ApplicationError
from core.models import Action
from journal.access import actor_can, actor_require
from tjenester.sykehjem import forms
from tjenester.sykehjem import selectors as sel
from tjenester.sykehjem import services as svc

# The id of a row on the task list (Oppgaverad.nokkel), where an HTMX error is put.
RAD_ID = re.compile(r"oppg-[0-9a-f-]{36}-[0-9]{8}-(?:[0-9]{4}|dag)")


def _form_errors(form: Form, exc: ValidationError | ApplicationError) -> None:
    """Put a service's refusal on the form (403/404 go on to the ordinary error pages)."""
    if isinstance(exc, ValidationError):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    if exc.status_code != 400:
        raise exc
    form.add_error(None, str(exc.message))


def _message_errors(request: HttpRequest, exc: ValidationError | ApplicationError) -> None:
    if isinstance(exc, ValidationError):
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
        return
    if exc.status_code != 400:
        raise exc
    messages.error(request, str(exc.message))


@require_GET
@staff_required
def belegg(request: HttpRequest) -> HttpResponse:
    dato = sel.belegg_dato_parse(request.GET.get("dato"))
    enhet_id = request.GET.get("enhet") or None
    oversikt = sel.belegg_get(actor=request_ansatt(request), dato=dato, enhet_id=enhet_id)
    return render(
        request,
        "sykehjem/belegg.html",
        {"oversikt": oversikt, "i_dag": timezone.localdate(), "enhet_id": enhet_id or ""},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def opphold_ny(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    avdeling = sel.acting_avdeling(actor)
    venteliste = [
        (str(v.pk), f"{v.pasient.fullt_navn} ({v.get_prioritet_display()})")
        for v in sel.venteliste_list(actor=actor, storrelse=100).items
    ]
    senger = sel.ledige_senger(dato=timezone.localdate(), enhet_ids={avdeling.pk})
    tjenester = sel.opphold_tjeneste_choices(actor=actor, enhet_id=avdeling.pk)
    initial = {k: request.GET.get(k, "") for k in ("seng", "venteliste", "tjeneste")}
    form = forms.OppholdForm(
        request.POST or None,
        initial=initial,
        senger=senger,
        venteliste=venteliste,
        tjenester=tjenester,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opphold = svc.opphold_create(
                actor=actor,
                seng_id=data["seng"],
                type=data["type"],
                fra=data["fra"],
                til=data["til"],
                venteliste_id=data["venteliste"] or None,
                identifikator=data["identifikator"],
                merknad=data["merknad"],
                tjeneste_id=data["tjeneste"] or None,
            )
        except (ValidationError, ApplicationError) as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(navn)s er lagt inn.") % {"navn": opphold.pasient.fullt_navn}
                if opphold.status == "aktiv"
                else _("Sengen er reservert for %(navn)s.") % {"navn": opphold.pasient.fullt_navn},
            )
            return HttpResponseRedirect(reverse("sykehjem:belegg"))
    return render(
        request,
        "sykehjem/opphold_ny.html",
        {"form": form, "avdeling": avdeling},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@staff_required
def opphold_detalj(request: HttpRequest, opphold_id: uuid.UUID) -> HttpResponse:
    visning = sel.oppholdsvisning_get(actor=request_ansatt(request), opphold_id=opphold_id)
    context: dict[str, Any] = {"v": visning, "opphold": visning.opphold}
    if visning.kan_administrere:
        context["overflytt"] = forms.OverflyttForm(senger=visning.ledige_senger)
        context["fravar"] = forms.FravarForm()
        context["dato"] = forms.DatoForm()
    return render(request, "sykehjem/opphold_detalj.html", context)


def _handling(request: HttpRequest, opphold_id: uuid.UUID, handling: str) -> str | None:
    """Run one event on a stay; returns the success message or None (errors in messages)."""
    actor = request_ansatt(request)
    calls: dict[str, tuple[type[Form], Callable[[dict[str, Any]], object], str]] = {
        "innlegg": (
            forms.DatoForm,
            lambda d: svc.opphold_admit(actor=actor, opphold_id=opphold_id, dato=d["dato"]),
            _("Pasienten er lagt inn."),
        ),
        "utskriv": (
            forms.DatoForm,
            lambda d: svc.opphold_discharge(actor=actor, opphold_id=opphold_id, dato=d["dato"]),
            _("Pasienten er skrevet ut. Sengen er ledig."),
        ),
        "dodsfall": (
            forms.DatoForm,
            lambda d: svc.opphold_death(actor=actor, opphold_id=opphold_id, dato=d["dato"]),
            _("Dødsfallet er registrert. Sengen er ledig."),
        ),
        "annuller": (
            Form,
            lambda d: svc.opphold_cancel(actor=actor, opphold_id=opphold_id),
            _("Reservasjonen er annullert."),
        ),
        "fravar": (
            forms.FravarForm,
            lambda d: svc.fravar_create(actor=actor, opphold_id=opphold_id, **d),
            _("Fraværet er registrert."),
        ),
        "fravar_slutt": (
            forms.DatoForm,
            lambda d: svc.fravar_end(
                actor=actor, fravar_id=request.POST.get("fravar", ""), til=d["dato"]
            ),
            _("Pasienten er registrert tilbake."),
        ),
    }
    if handling == "overflytt":
        form: Form = forms.OverflyttForm(
            request.POST, senger=sel.ledige_senger(dato=timezone.localdate())
        )
        call: Callable[[dict[str, Any]], object] = lambda d: svc.opphold_transfer(  # noqa: E731
            actor=actor, opphold_id=opphold_id, seng_id=d["seng"], dato=d["dato"]
        )
        ok = _("Pasienten er flyttet.")
    elif handling in calls:
        form_class, call, ok = calls[handling]
        form = form_class(request.POST)
    else:
        raise ApplicationError(_("Ukjent handling."))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for es in form.errors.values() for e in es))
        return None
    try:
        call(form.cleaned_data)
    except (ValidationError, ApplicationError) as exc:
        _message_errors(request, exc)
        return None
    return ok


@require_POST
@staff_required
def opphold_handling(request: HttpRequest, opphold_id: uuid.UUID, handling: str) -> HttpResponse:
    ok = _handling(request, opphold_id, handling)
    if ok is None:
        return HttpResponseRedirect(reverse("sykehjem:opphold_detalj", args=[opphold_id]))
    messages.success(request, ok)
    if handling in ("utskriv", "dodsfall", "annuller", "overflytt"):
        return HttpResponseRedirect(reverse("sykehjem:belegg"))
    return HttpResponseRedirect(reverse("sykehjem:opphold_detalj", args=[opphold_id]))


@require_http_methods(["GET", "POST"])
@staff_required
def venteliste(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    form = forms.VentelisteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.venteliste_create(actor=actor, **form.cleaned_data)
        except (ValidationError, ApplicationError) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Pasienten er satt på ventelisten."))
            return HttpResponseRedirect(reverse("sykehjem:venteliste"))
    side = sel.venteliste_list(actor=actor, side=side_parse(request.GET.get("side")))
    return render(
        request,
        "sykehjem/venteliste.html",
        {"side": side, "form": form, "kan_administrere": actor_can(actor, Action.MANAGE_STAYS)},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@staff_required
def venteliste_fjern(request: HttpRequest, venteliste_id: uuid.UUID) -> HttpResponse:
    try:
        svc.venteliste_remove(actor=request_ansatt(request), venteliste_id=venteliste_id)
    except ApplicationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("Pasienten er fjernet fra ventelisten."))
    return HttpResponseRedirect(reverse("sykehjem:venteliste"))


@require_http_methods(["GET", "POST"])
@staff_required
def senger(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    avdeling = sel.acting_avdeling(actor)
    rom = sel.rom_for_avdeling(enhet_id=avdeling.pk)
    rom_choices = [(str(r.pk), r.navn) for r in rom]
    rom_form = forms.RomForm(request.POST if request.POST.get("handling") == "rom" else None)
    seng_form = forms.SengForm(
        request.POST if request.POST.get("handling") == "seng" else None, rom=rom_choices
    )
    if request.method == "POST":
        form: Form = rom_form if request.POST.get("handling") == "rom" else seng_form
        if form.is_valid():
            try:
                if form is rom_form:
                    svc.rom_create(actor=actor, navn=form.cleaned_data["navn"])
                else:
                    svc.seng_create(
                        actor=actor,
                        rom_id=form.cleaned_data["rom"],
                        navn=form.cleaned_data["navn"],
                        type=form.cleaned_data["type"],
                    )
            except (ValidationError, ApplicationError) as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Lagret."))
                return HttpResponseRedirect(reverse("sykehjem:senger"))
    return render(
        request,
        "sykehjem/senger.html",
        {"avdeling": avdeling, "rom": rom, "rom_form": rom_form, "seng_form": seng_form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@staff_required
def seng_aktiv(request: HttpRequest, seng_id: uuid.UUID) -> HttpResponse:
    try:
        svc.seng_aktiv_set(
            actor=request_ansatt(request), seng_id=seng_id, aktiv=request.POST.get("aktiv") == "1"
        )
    except ApplicationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("Lagret."))
    return HttpResponseRedirect(reverse("sykehjem:senger"))


@require_GET
@staff_required
def oppgaver(request: HttpRequest) -> HttpResponse:
    """The ward's task list for a day (today by default; other days read-only)."""
    liste = sel.avdelingsoppgaver_get(
        actor=request_ansatt(request),
        dato=sel.belegg_dato_parse(request.GET.get("dato")),
        enhet_id=request.GET.get("enhet") or None,
        periode=request.GET.get("periode", ""),
    )
    context = {
        "liste": liste,
        "i_dag": timezone.localdate(),
        "perioder": sel.DAGSPERIODER,
        "enhet_id": request.GET.get("enhet", ""),
    }
    return render(request, "sykehjem/oppgaver.html", context)


@require_POST
@staff_required
def oppgave_kvitter(request: HttpRequest) -> HttpResponse:
    """Tick one task. With HTMX the row is swapped in place (an error goes to the row's
    message slot); without JS back to the list with a message."""
    form = forms.KvitteringForm(request.POST)
    rad_id = request.POST.get("rad", "")
    feil, rad = "", None
    if not form.is_valid():
        feil = " ".join(str(e) for es in form.errors.values() for e in es)
    else:
        d = form.cleaned_data
        try:
            kvittering = svc.avdelingsoppgave_tick(
                actor=request_ansatt(request),
                tiltak_id=d["tiltak"],
                dato=d["dato"],
                tidspunkt=d["tidspunkt"],
                status=d["status"],
                grunn=d["grunn"],
            )
        except (ValidationError, ApplicationError) as exc:
            feil = _error_text(exc)
        else:
            rad = sel.oppgaverad_for(kvittering)
    if request.headers.get("HX-Request"):
        if rad is None:
            response = HttpResponse(feil)
            if RAD_ID.fullmatch(rad_id):
                response["HX-Retarget"] = f"#{rad_id}-feil"
                response["HX-Reswap"] = "innerHTML"
            else:
                response["HX-Reswap"] = "none"
            return response
        return render(request, "sykehjem/_oppgave.html", {"o": rad, "kan_kvittere": True})
    if rad is None:
        messages.error(request, feil)
    else:
        messages.success(request, _("Lagret: %(tekst)s.") % {"tekst": rad.tekst})
    url = reverse("sykehjem:oppgaver")
    return HttpResponseRedirect(f"{url}#{rad.nokkel}" if rad else url)


def _error_text(exc: ValidationError | ApplicationError) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(m for ms in exc.message_dict.values() for m in ms)
    if exc.status_code != 400:
        raise exc
    return str(exc.message)


@require_http_methods(["GET", "POST"])
@staff_required
def vakter(request: HttpRequest) -> HttpResponse:
    """The ward's shifts for the coming and past two weeks, and a form to register one."""
    actor = request_ansatt(request)
    actor_require(actor, Action.MANAGE_STAYS)
    avdeling = sel.acting_avdeling(actor)
    ansatte = [
        (str(a.pk), a.get_full_name() or a.username) for a in sel.avdelingens_ansatte(avdeling)
    ]
    form = forms.VaktForm(
        request.POST or None, ansatte=ansatte, initial={"dato": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            svc.vakt_registrer(
                actor=actor,
                ansatt_id=data["ansatt"],
                dato=data["dato"],
                fra_tid=data["fra_tid"],
                til_tid=data["til_tid"],
            )
        except (ValidationError, ApplicationError) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Vakten er registrert."))
            return HttpResponseRedirect(reverse("sykehjem:vakter"))
    idag = timezone.localdate()
    rader = sel.vakter_for_avdeling(
        actor=actor, fra=idag - dt.timedelta(days=14), til=idag + dt.timedelta(days=14)
    )
    return render(
        request,
        "sykehjem/vakter.html",
        {"avdeling": avdeling, "vakter": rader, "form": form},
        status=400 if request.method == "POST" else 200,
    )
