"""Care-plan test data: plans written straight to the tables (service tests use services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.models import Ansatt, Enhet
from journal.models import Behov, Frekvens, Maal, Pasient, Tiltak, Tiltaksplan
from tests.factories import AnsattFactory

MANDAG = dt.date(2026, 3, 2)  # a Monday


def plan_make(
    pasient: Pasient,
    enhet: Enhet | None = None,
    opprettet_av: Ansatt | None = None,
    **fields: Any,
) -> Tiltaksplan:
    return Tiltaksplan.objects.create(
        pasient=pasient,
        enhet=enhet or pasient_enhet(pasient),
        opprettet_av=opprettet_av or AnsattFactory(),
        **fields,
    )


def pasient_enhet(pasient: Pasient) -> Enhet:
    relasjon = pasient.relasjoner.select_related("enhet").first()
    assert relasjon is not None
    enhet: Enhet = relasjon.enhet
    return enhet


def behov_make(plan: Tiltaksplan, tekst: str = "Nedsatt væskeinntak") -> Behov:
    return Behov.objects.create(
        pasient_id=plan.pasient_id,
        enhet_id=plan.enhet_id,
        plan=plan,
        tekst=tekst,
        opprettet_av=plan.opprettet_av,
    )


def maal_make(behov: Behov, tekst: str = "Drikker 1,5 liter om dagen") -> Maal:
    return Maal.objects.create(
        pasient_id=behov.pasient_id,
        enhet_id=behov.enhet_id,
        plan=behov.plan,
        behov=behov,
        tekst=tekst,
        opprettet_av=behov.opprettet_av,
    )


def tiltak_make(
    plan: Tiltaksplan,
    *,
    behov: Behov | None = None,
    ansvarlig: Enhet | None = None,
    tekst: str = "Tilby drikke",
    frekvens: str = Frekvens.UKENTLIG,
    ukedager: list[int] | None = None,
    tidspunkter: list[dt.time] | None = None,
    start: dt.date = MANDAG,
    slutt: dt.date | None = None,
    intervall: int = 1,
    opprettet_av: Ansatt | None = None,
) -> Tiltak:
    return Tiltak.objects.create(
        pasient_id=plan.pasient_id,
        enhet_id=plan.enhet_id,
        plan=plan,
        behov=behov,
        tekst=tekst,
        ansvarlig_enhet=ansvarlig or plan.enhet,
        frekvens=frekvens,
        intervall=intervall,
        ukedager=[1, 3, 5] if ukedager is None else ukedager,
        tidspunkter=[dt.time(8, 0)] if tidspunkter is None else tidspunkter,
        varighet_min=15,
        start_dato=start,
        slutt_dato=slutt,
        opprettet_av=opprettet_av or plan.opprettet_av,
    )
