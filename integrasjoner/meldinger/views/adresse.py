"""The address book (/meldinger/adressebok/, admin): the entries, a look-up in the national
address register, and adding an entry from a hit (tied to one of our units and a service,
or as an outside party)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.api.pagination import side_fetch, side_parse
from core.decorators import request_ansatt, staff_required
from core.web import service_call
from integrasjoner.meldinger.forms import AdresseSokForm, KommunikasjonspartForm
from integrasjoner.meldinger.selectors import kommunikasjonsparter_list
from integrasjoner.meldinger.services import adresseregister_lookup, kommunikasjonspart_save

SIDE = 50


def _side(
    request: HttpRequest,
    *,
    sok_form: AdresseSokForm,
    treff: list[dict[str, str]] | None = None,
    ny_form: KommunikasjonspartForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request_ansatt(request)
    side = side_fetch(
        kommunikasjonsparter_list(actor=actor),
        nummer=side_parse(request.GET.get("side")),
        storrelse=SIDE,
    )
    skjemaer = [
        KommunikasjonspartForm(initial=t, auto_id=f"treff{i}_%s") for i, t in enumerate(treff or [])
    ]
    return render(
        request,
        "meldinger/adressebok.html",
        {
            "side": side,
            "sok_form": sok_form,
            "treff": list(zip(treff or [], skjemaer, strict=True)),
            "har_sokt": treff is not None,
            "ny_form": ny_form,
        },
        status=status,
    )


@require_GET
@staff_required
def adressebok(request: HttpRequest) -> HttpResponse:
    if "q" not in request.GET:
        return _side(request, sok_form=AdresseSokForm())
    form = AdresseSokForm(request.GET)
    if not form.is_valid():
        return _side(request, sok_form=form, status=400)
    actor = request_ansatt(request)
    outcome = service_call(
        lambda: adresseregister_lookup(actor=actor, tekst=form.cleaned_data["q"]), form=form
    )
    if not outcome.ok:
        return _side(request, sok_form=form, status=400)
    return _side(request, sok_form=form, treff=outcome.value or [])


@require_POST
@staff_required
def adresse_legg_til(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    form = KommunikasjonspartForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        outcome = service_call(
            lambda: kommunikasjonspart_save(
                actor=actor,
                herid=data["herid"],
                navn=data["navn"],
                forelder_herid=data["forelder_herid"],
                forelder_navn=data["forelder_navn"],
                organisasjonsnummer=data["organisasjonsnummer"],
                hpr_nummer=data["hpr_nummer"],
                tjenestetype=data["tjenestetype"],
                enhet_id=data["enhet"].pk if data["enhet"] else None,
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Kommunikasjonsparten er lagret i adresseboken."))
            return HttpResponseRedirect(reverse("meldinger:adressebok"))
    return _side(request, sok_form=AdresseSokForm(), ny_form=form, status=400)
