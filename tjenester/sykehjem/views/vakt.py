"""Nursing-home pages: the ward's shifts."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import klokke
from core.decorators import request_ansatt, staff_required
from core.models import Action
from core.web import service_call
from journal.access import actor_require
from tjenester.sykehjem import forms
from tjenester.sykehjem import selectors as sel
from tjenester.sykehjem import services as svc


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
    form = forms.VaktForm(request.POST or None, ansatte=ansatte, initial={"dato": klokke.idag()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = service_call(
            lambda: svc.vakt_register(
                actor=actor,
                ansatt_id=data["ansatt"],
                dato=data["dato"],
                fra_tid=data["fra_tid"],
                til_tid=data["til_tid"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Vakten er registrert."))
            return HttpResponseRedirect(reverse("sykehjem:vakter"))
    idag = klokke.idag()
    rader = sel.vakter_for_avdeling(
        actor=actor, fra=idag - dt.timedelta(days=14), til=idag + dt.timedelta(days=14)
    )
    return render(
        request,
        "sykehjem/vakter.html",
        {"avdeling": avdeling, "vakter": rader, "form": form},
        status=400 if request.method == "POST" else 200,
    )
