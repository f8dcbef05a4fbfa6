"""Pages for vital signs: the list with NEWS2 and trend charts, registration, feilregistrering."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_stubs_ext import StrOrPromise

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.klokke import idag
from core.web import service_action, service_call
from journal.forms.maaling import PERIODER, MaalingForm, PeriodeForm
from journal.lib.news2 import NULLPOENG_OMRADE, UNNTAK, UNNTAK_BARN, VOKSEN_FRA_ALDER
from journal.lib.svg import Serie, line_chart_svg
from journal.selectors import Maalingsoversikt, maaling_pasient_get, maalingsside_get
from journal.services import MaalingData, maaling_create, maaling_invalidate


@dataclass(frozen=True)
class Diagramoppsett:
    felt: tuple[str, ...]
    navn: tuple[StrOrPromise, ...]
    tittel: StrOrPromise
    enhet: StrOrPromise
    nullpoeng: str | None = None  # NEWS2 parameter whose 0-score band is shaded
    desimaler: int = 0


DIAGRAMMER = (
    Diagramoppsett(
        ("systolisk", "diastolisk"),
        (gettext_lazy("Systolisk"), gettext_lazy("Diastolisk")),
        gettext_lazy("Blodtrykk"),
        "mmHg",
    ),
    Diagramoppsett(("puls",), ("Puls",), gettext_lazy("Puls"), "slag/min", "puls"),
    Diagramoppsett(
        ("respirasjon",),
        (gettext_lazy("Respirasjon"),),
        gettext_lazy("Respirasjonsfrekvens"),
        "per min",
        "respirasjon",
    ),
    Diagramoppsett(("spo2",), ("SpO₂",), "SpO₂", "%"),
    Diagramoppsett(
        ("temperatur",),
        (gettext_lazy("Temperatur"),),
        gettext_lazy("Temperatur"),
        "°C",
        "temperatur",
        desimaler=1,
    ),
    Diagramoppsett(("news2",), ("NEWS2",), "NEWS2", gettext_lazy("poeng")),
    Diagramoppsett(("vekt",), (gettext_lazy("Vekt"),), gettext_lazy("Vekt"), "kg", desimaler=1),
    Diagramoppsett(
        ("blodsukker",),
        (gettext_lazy("Blodsukker"),),
        gettext_lazy("Blodsukker"),
        "mmol/l",
        desimaler=1,
    ),
)


@dataclass(frozen=True)
class Diagram:
    tittel: str
    svg: str  # escaped by journal.lib.svg, safe to insert


def trend_charts(oversikt: Maalingsoversikt) -> tuple[list[Diagram], list[str]]:
    """One chart per parameter measured in the period, and the names of those not measured."""
    start, slutt = oversikt.start, oversikt.slutt
    charts: list[Diagram] = []
    missing: list[str] = []
    if start is None or slutt is None:
        return charts, missing
    for oppsett in DIAGRAMMER:
        serier = [
            Serie(navn=str(navn), punkter=oversikt.trender.get(felt, []))
            for felt, navn in zip(oppsett.felt, oppsett.navn, strict=True)
        ]
        tittel = f"{oppsett.tittel} ({oppsett.enhet})"
        if not any(s.punkter for s in serier):
            missing.append(str(oppsett.tittel))
            continue
        svg = line_chart_svg(
            tittel=tittel,
            serier=serier,
            fra=start,
            til=slutt,
            enhet=str(oppsett.enhet),
            normalomrade=NULLPOENG_OMRADE.get(oppsett.nullpoeng or ""),
            desimaler=oppsett.desimaler,
            element_id=f"trend-{oppsett.felt[0]}",
        )
        charts.append(Diagram(tittel=tittel, svg=svg))
    return charts, missing


def _period_days(request: HttpRequest) -> int:
    form = PeriodeForm(request.GET)
    return (form.cleaned_data["periode"] if form.is_valid() else None) or PERIODER[0]


def _list_url(pasient_id: uuid.UUID, dager: int | None = None) -> str:
    url = reverse("journal:malinger", args=[pasient_id])
    return f"{url}?periode={dager}" if dager else url


@require_GET
@staff_required
def malinger(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    dager = _period_days(request)
    til = idag()
    side = maalingsside_get(
        actor=request_ansatt(request),
        pasient_id=pasient_id,
        fra=til - dt.timedelta(days=dager - 1),
        til=til,
        side=side_parse(request.GET.get("side")),
    )
    diagrammer, uten_data = trend_charts(side.oversikt)
    context = {
        "pasient": side.visning.pasient,
        "visning": side.visning,
        "oversikt": side.oversikt,
        "diagrammer": diagrammer,
        "uten_data": uten_data,
        "dager": dager,
        "perioder": PERIODER,
        "query": f"periode={dager}",
    }
    return render(request, "journal/malinger.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def maaling_ny(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    form = MaalingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = MaalingData(**form.cleaned_data)
        if service_call(
            lambda: maaling_create(actor=actor, pasient_id=pasient_id, data=data), form=form
        ).ok:
            messages.success(request, _("Målingen er registrert."))
            return HttpResponseRedirect(_list_url(pasient_id))
    visning = maaling_pasient_get(actor=actor, pasient_id=pasient_id)
    # A child gets no adult score (journal/lib/news2.py): the form says so and drops the
    # NEWS2-only SpO2 scale choice.
    barn = visning.pasient.alder() < VOKSEN_FRA_ALDER
    return render(
        request,
        "journal/maling_ny.html",
        {
            "pasient": visning.pasient,
            "visning": visning,
            "form": form,
            "barn": barn,
            "barn_melding": UNNTAK[UNNTAK_BARN],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@staff_required
def maaling_feilregistrer_view(
    request: HttpRequest, pasient_id: uuid.UUID, maling_id: uuid.UUID
) -> HttpResponse:
    return service_action(
        request,
        lambda: maaling_invalidate(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            maling_id=maling_id,
            grunn=request.POST.get("grunn", ""),
        ),
        ok=_("Målingen er markert som feilregistrert."),
        redirect_to=_list_url(pasient_id, _period_days_post(request)),
    )


def _period_days_post(request: HttpRequest) -> int | None:
    form = PeriodeForm(request.POST)
    return form.cleaned_data["periode"] if form.is_valid() else None
