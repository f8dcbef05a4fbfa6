"""Pages of the administration round: the round list, signing (given, another dose, not
given), the second signature, corrections, PRN and its effect, the missed-dose list.

Actions are small forms. With HTMX an error is put in the row's message slot and the form
(with what was typed) stays; success reloads the page at the row. Without JS: post,
message, redirect back (`neste`, a local URL)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.klokke import idag
from core.web import query_dato, service_call
from legemidler import forms
from legemidler import selectors as sel
from legemidler import services as svc
from legemidler.models import AdministrasjonKilde

# Where an HTMX error is put: the slot of a row on the round list or the missed-dose list.
FEIL_ID = re.compile(r"(?:dose|varsel|behov|adm)-[0-9a-f-]{36}(?:-[0-9]{12}|-behov)?-feil")


def _neste(request: HttpRequest, fallback: str) -> str:
    neste = request.POST.get("neste", "")
    if neste and url_has_allowed_host_and_scheme(neste, {request.get_host()}):
        return neste
    return fallback


def _handle(
    request: HttpRequest,
    form: Form,
    call: Callable[[], object],
    *,
    ok: str,
    fallback: str,
) -> HttpResponse:
    """Validate, call the service, answer HTMX or plain."""
    neste = _neste(request, fallback)
    if form.is_valid():
        outcome = service_call(call)
        feil = outcome.error
    else:
        feil = " ".join(str(e) for es in form.errors.values() for e in es)
    if request.headers.get("HX-Request"):
        if feil:
            response = HttpResponse(feil)
            slot = request.POST.get("feil", "")
            if FEIL_ID.fullmatch(slot):
                response["HX-Retarget"] = f"#{slot}"
                response["HX-Reswap"] = "innerHTML"
            else:
                response["HX-Reswap"] = "none"
            return response
        messages.success(request, ok)
        response = HttpResponse("")
        # Back on the same page (only the #row differs): reload it, which keeps the scroll
        # position; a redirect to the same URL with a new fragment would not reload.
        naavaerende = urlsplit(request.headers.get("HX-Current-URL", ""))
        if naavaerende.path == urlsplit(neste).path and naavaerende.query == urlsplit(neste).query:
            response["HX-Refresh"] = "true"
        else:
            response["HX-Redirect"] = neste
        return response
    if feil:
        messages.error(request, feil)
    else:
        messages.success(request, ok)
    return HttpResponseRedirect(neste)


@require_GET
@staff_required
def runde(request: HttpRequest) -> HttpResponse:
    """The round list of the unit the person acts in (default: the round going on now)."""
    liste = sel.runde_list(
        actor=request_ansatt(request),
        dato=query_dato(request.GET.get("dato")),
        runde=request.GET.get("runde", ""),
    )
    context = {
        "liste": liste,
        "i_dag": idag(),
        "neste": request.get_full_path(),
    }
    return render(request, "legemidler/utdeling/runde.html", context)


@require_POST
@staff_required
def dose_signer(request: HttpRequest) -> HttpResponse:
    """Sign one due dose: given, another dose, or not given with a reason."""
    form = forms.SigneringForm(request.POST)
    ansatt = request_ansatt(request)

    def call() -> object:
        d = form.cleaned_data
        return svc.dose_sign(
            actor=ansatt,
            forordning_id=d["forordning"],
            forfall_at=d["forfall"],
            status=d["status"],
            dose=d["dose"],
            grunn=d["grunn"],
            merknad=d["merknad"],
            kilde=AdministrasjonKilde.BESOEK
            if request.POST.get("besoek")
            else AdministrasjonKilde.RUNDE,
            besoek_id=_uuid_or_none(request.POST.get("besoek")),
        )

    return _handle(
        request, form, call, ok=_("Dosen er signert."), fallback=reverse("legemidler:runde")
    )


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return None


@require_POST
@staff_required
def dose_kontroll(request: HttpRequest, administrasjon_id: str) -> HttpResponse:
    """The second signature of a dose that needs double signing."""
    form = forms.KontrollForm(request.POST)
    ansatt = request_ansatt(request)
    return _handle(
        request,
        form,
        lambda: svc.dose_cosign(actor=ansatt, administrasjon_id=administrasjon_id),
        ok=_("Dobbeltkontrollen er signert."),
        fallback=reverse("legemidler:runde"),
    )


@require_POST
@staff_required
def dose_korriger(request: HttpRequest, administrasjon_id: str) -> HttpResponse:
    """Correct a signed administration (a new row with the reason)."""
    form = forms.KorrigeringForm(request.POST)
    ansatt = request_ansatt(request)

    def call() -> object:
        d = form.cleaned_data
        return svc.administrasjon_correct(
            actor=ansatt,
            administrasjon_id=administrasjon_id,
            status=d["status"],
            dose=d["dose"],
            grunn=d["grunn"],
            korreksjonsgrunn=d["korreksjonsgrunn"],
        )

    return _handle(
        request, form, call, ok=_("Registreringen er rettet."), fallback=reverse("legemidler:runde")
    )


@require_POST
@staff_required
def behov_gi(request: HttpRequest, forordning_id: str) -> HttpResponse:
    """Give a PRN dose with its reason."""
    form = forms.BehovForm(request.POST)
    ansatt = request_ansatt(request)

    def call() -> object:
        d = form.cleaned_data
        return svc.behov_give(
            actor=ansatt,
            forordning_id=forordning_id,
            behov_grunn=d["behov_grunn"],
            dose=d["dose"],
            merknad=d["merknad"],
        )

    return _handle(
        request,
        form,
        call,
        ok=_("Behovsdosen er registrert. Husk å evaluere effekten."),
        fallback=reverse("legemidler:runde"),
    )


@require_POST
@staff_required
def effekt(request: HttpRequest, administrasjon_id: str) -> HttpResponse:
    """Evaluate the effect of a PRN dose."""
    form = forms.EffektForm(request.POST)
    ansatt = request_ansatt(request)
    return _handle(
        request,
        form,
        lambda: svc.effekt_evaluate(
            actor=ansatt, administrasjon_id=administrasjon_id, tekst=form.cleaned_data["tekst"]
        ),
        ok=_("Effekten er registrert."),
        fallback=reverse("legemidler:runde"),
    )


@require_GET
@staff_required
def dosevarsler(request: HttpRequest) -> HttpResponse:
    """The unit's missed-dose list: unsigned doses and dispenser events (open or closed)."""
    aapne = request.GET.get("vis") != "lukket"
    side = side_parse(request.GET.get("side"))
    page = sel.dosevarsel_list(actor=request_ansatt(request), aapne=aapne, side=side)
    context = {"side": page, "aapne": aapne, "neste": request.get_full_path()}
    return render(request, "legemidler/utdeling/dosevarsler.html", context)


@require_POST
@staff_required
def dosevarsel_lukk(request: HttpRequest, dosevarsel_id: str) -> HttpResponse:
    """Close a missed-dose flag with what was done."""
    form = forms.LukkForm(request.POST)
    ansatt = request_ansatt(request)
    return _handle(
        request,
        form,
        lambda: svc.dosevarsel_close(
            actor=ansatt, dosevarsel_id=dosevarsel_id, tiltak=form.cleaned_data["tiltak"]
        ),
        ok=_("Varselet er lukket."),
        fallback=reverse("legemidler:dosevarsler"),
    )
