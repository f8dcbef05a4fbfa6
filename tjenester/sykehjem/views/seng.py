"""Nursing-home pages: the ward's rooms and beds."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.decorators import request_ansatt, staff_required
from core.web import Outcome, service_action, service_call
from tjenester.sykehjem import forms
from tjenester.sykehjem import selectors as sel
from tjenester.sykehjem import services as svc


@require_http_methods(["GET", "POST"])
@staff_required
def senger(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    avdeling = sel.acting_avdeling(actor)
    rom = sel.rom_for_avdeling(enhet_id=avdeling.pk)
    rom_choices = [(str(r.pk), r.navn) for r in rom]
    # Both forms have a «navn»: their own id prefixes keep ids and labels unique.
    rom_form = forms.RomForm(
        request.POST if request.POST.get("handling") == "rom" else None, auto_id="id_rom_%s"
    )
    seng_form = forms.SengForm(
        request.POST if request.POST.get("handling") == "seng" else None,
        rom=rom_choices,
        auto_id="id_seng_%s",
    )
    if request.method == "POST":
        form: Form = rom_form if request.POST.get("handling") == "rom" else seng_form
        if form.is_valid():
            outcome: Outcome[object]
            if form is rom_form:
                outcome = service_call(
                    lambda: svc.rom_create(actor=actor, navn=form.cleaned_data["navn"]), form=form
                )
            else:
                outcome = service_call(
                    lambda: svc.seng_create(
                        actor=actor,
                        rom_id=form.cleaned_data["rom"],
                        navn=form.cleaned_data["navn"],
                        type=form.cleaned_data["type"],
                    ),
                    form=form,
                )
            if outcome.ok:
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
    return service_action(
        request,
        lambda: svc.seng_aktiv_set(
            actor=request_ansatt(request), seng_id=seng_id, aktiv=request.POST.get("aktiv") == "1"
        ),
        ok=_("Lagret."),
        redirect_to=reverse("sykehjem:senger"),
    )
