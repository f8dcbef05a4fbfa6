"""Nursing-home pages: the ward's rooms and beds."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.decorators import request_ansatt, staff_required
from core.exceptions import ApplicationError
from tjenester.sykehjem import forms
from tjenester.sykehjem import selectors as sel
from tjenester.sykehjem import services as svc
from tjenester.sykehjem.views.opphold import _form_errors, _message_errors


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
