"""Nursing-home pages: the waiting list."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.models import Action
from core.web import service_action, service_call
from journal.access import actor_can
from tjenester.sykehjem import forms
from tjenester.sykehjem import selectors as sel
from tjenester.sykehjem import services as svc


@require_http_methods(["GET", "POST"])
@staff_required
def venteliste(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    form = forms.VentelisteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = service_call(
            lambda: svc.venteliste_create(actor=actor, **form.cleaned_data), form=form
        )
        if outcome.ok:
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
    return service_action(
        request,
        lambda: svc.venteliste_remove(actor=request_ansatt(request), venteliste_id=venteliste_id),
        ok=_("Pasienten er fjernet fra ventelisten."),
        redirect_to=reverse("sykehjem:venteliste"),
    )
