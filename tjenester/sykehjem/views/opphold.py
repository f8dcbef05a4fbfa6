"""Nursing-home pages: the occupancy board, admission, a stay and its events, the waiting
list, and the ward's rooms and beds. Phone first; rules and access live in the services."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.decorators import request_ansatt, staff_required
from core.exceptions import ApplicationError
from core.klokke import idag
from core.web import service_call
from tjenester.sykehjem import forms
from tjenester.sykehjem import selectors as sel
from tjenester.sykehjem import services as svc


@require_http_methods(["GET", "POST"])
@staff_required
def opphold_ny(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    avdeling = sel.acting_avdeling(actor)
    valg = sel.opphold_valg_get(
        actor=actor,
        enhet_id=avdeling.pk,
        venteliste_id=request.GET.get("venteliste", ""),
        tjeneste_id=request.GET.get("tjeneste", ""),
        seng_id=request.GET.get("seng", ""),
    )
    senger = sel.ledige_senger(dato=idag(), enhet_ids={avdeling.pk})
    form = forms.OppholdForm(
        request.POST or None,
        initial=valg.initial,
        senger=senger,
        venteliste=valg.venteliste,
        tjenester=valg.tjenester,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = service_call(
            lambda: svc.opphold_create(
                actor=actor,
                seng_id=data["seng"],
                type=data["type"],
                fra=data["fra"],
                til=data["til"],
                venteliste_id=data["venteliste"] or None,
                identifikator=data["identifikator"],
                merknad=data["merknad"],
                tjeneste_id=data["tjeneste"] or None,
            ),
            form=form,
        )
        opphold = outcome.value
        if opphold is not None:
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
        context["fravar"] = forms.FravaerForm()
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
            forms.FravaerForm,
            lambda d: svc.fravaer_create(actor=actor, opphold_id=opphold_id, **d),
            _("Fraværet er registrert."),
        ),
        "fravar_slutt": (
            forms.DatoForm,
            lambda d: svc.fravaer_end(
                actor=actor, fravar_id=request.POST.get("fravar", ""), til=d["dato"]
            ),
            _("Pasienten er registrert tilbake."),
        ),
    }
    if handling == "overflytt":
        form: Form = forms.OverflyttForm(request.POST, senger=sel.ledige_senger(dato=idag()))
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
    outcome = service_call(lambda: call(form.cleaned_data))
    if not outcome.ok:
        messages.error(request, outcome.error)
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
