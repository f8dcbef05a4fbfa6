"""Taking a programme consultation."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.decorators import request_ansatt, staff_required
from core.exceptions import NotFound
from core.web import service_call
from tjenester.helsestasjon import selectors, services
from tjenester.helsestasjon.forms import KonsultasjonForm
from tjenester.helsestasjon.views.barn import barn_url


@require_http_methods(["GET", "POST"])
@staff_required
def konsultasjon_ny(
    request: HttpRequest, pasient_id: uuid.UUID, punkt_id: uuid.UUID
) -> HttpResponse:
    actor = request_ansatt(request)
    bilde = selectors.barn_get(actor=actor, pasient_id=pasient_id)
    rad = next((r for r in bilde.punkter if r.punkt.pk == punkt_id), None)
    if rad is None:
        raise NotFound
    form = KonsultasjonForm(request.POST or None, initial={"notat": services.notat_mal(rad.punkt)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = service_call(
            lambda: services.konsultasjon_register(
                actor=actor,
                pasient_id=pasient_id,
                programpunkt_id=punkt_id,
                status=data["status"],
                dato=data["dato"],
                notat=data["notat"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Konsultasjonen er registrert."))
            return HttpResponseRedirect(barn_url(pasient_id))
    return render(
        request,
        "helsestasjon/konsultasjon_ny.html",
        {"form": form, "pasient": bilde.pasient, "rad": rad, "bilde": bilde},
        status=400 if request.method == "POST" else 200,
    )
