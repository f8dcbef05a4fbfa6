"""Home-care pages: ticking a task of a visit (HTMX or a plain form)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.decorators import request_ansatt, staff_required
from core.web import service_call
from tjenester.hjemmetjeneste import selectors, services
from tjenester.hjemmetjeneste.forms import (
    OppgaveForm,
)
from tjenester.hjemmetjeneste.views.besoek import besoek_url


@require_POST
@staff_required
def oppgave_registrer(
    request: HttpRequest, besok_id: uuid.UUID, oppgave_id: uuid.UUID
) -> HttpResponse:
    form = OppgaveForm(request.POST)
    actor = request_ansatt(request)
    feil = ""
    oppgave = None
    if not form.is_valid():
        feil = _("Velg gjort eller ikke gjort.")
    else:
        outcome = service_call(
            lambda: services.oppgave_register(
                actor=actor,
                besok_id=besok_id,
                oppgave_id=oppgave_id,
                utfort=form.cleaned_data["utfort"],
                grunn=form.cleaned_data["grunn"],
            )
        )
        oppgave, feil = outcome.value, outcome.error
    if not request.headers.get("HX-Request"):
        if feil:
            messages.error(request, feil)
        return HttpResponseRedirect(besoek_url(besok_id) + f"#oppgave-{oppgave_id}")
    if oppgave is None:
        side = selectors.besoekside_get(actor=actor, besok_id=besok_id)
        oppgave = next((o for o in side.oppgaver if o.pk == oppgave_id), None)
    return render(
        request,
        "hjemmetjeneste/_oppgave.html",
        {"o": oppgave, "besok_id": besok_id, "feil": feil, "kan_registrere": True},
        status=400 if feil else 200,
    )
