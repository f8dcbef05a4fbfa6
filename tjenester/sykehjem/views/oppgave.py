"""Nursing-home pages: the ward's task list and ticking a task (HTMX or plain)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.decorators import request_ansatt, staff_required
from core.klokke import idag
from core.web import service_call
from tjenester.sykehjem import forms
from tjenester.sykehjem import selectors as sel
from tjenester.sykehjem import services as svc

# The id of a row on the task list (Oppgaverad.nokkel), where an HTMX error is put.
RAD_ID = re.compile(r"oppg-[0-9a-f-]{36}-[0-9]{8}-(?:[0-9]{4}|dag)")


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
        "i_dag": idag(),
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
        outcome = service_call(
            lambda: svc.avdelingsoppgave_tick(
                actor=request_ansatt(request),
                tiltak_id=d["tiltak"],
                dato=d["dato"],
                tidspunkt=d["tidspunkt"],
                status=d["status"],
                grunn=d["grunn"],
            )
        )
        feil = outcome.error
        if outcome.value is not None:
            rad = sel.oppgaverad_for(outcome.value)
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
