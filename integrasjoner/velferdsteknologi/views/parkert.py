"""Pages: parked events, and tying one to a patient."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.api.pagination import side_fetch, side_parse
from core.decorators import request_ansatt, staff_required
from core.web import service_call
from integrasjoner.velferdsteknologi.forms import KoblingForm
from integrasjoner.velferdsteknologi.selectors import (
    PARKERT_SIDE,
    hendelse_parked_get,
    hendelser_parked,
)
from integrasjoner.velferdsteknologi.services import hendelse_match


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
        outcome = service_call(
            lambda: hendelse_match(actor=actor, hendelse_id=hendelse_id, **form.cleaned_data),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Hendelsen er koblet til pasienten."))
            return HttpResponseRedirect(reverse("velferdsteknologi:parkert"))
    return render(
        request,
        "velferdsteknologi/parkert_kobl.html",
        {"hendelse": hendelse, "form": form},
        status=400 if request.method == "POST" else 200,
    )
