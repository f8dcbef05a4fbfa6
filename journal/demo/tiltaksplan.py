"""Demo care plans for home-care and nursing-home patients."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from core.acting import acting_context
from core.context import request_context
from core.klokke import idag
from core.models import (
    Ansatt,
    Enhet,
    Tilknytning,
)
from journal.demo.dokumentasjon import DOK_ENHET, DOK_PASIENTER
from journal.lib.timeplan import Timeplan, tidspunkter_parse
from journal.models import (
    Frekvens,
    Pasient,
    Tiltaksplan,
)
from journal.services.tiltaksplan import behov_add, maal_add, tiltak_add, tiltaksplan_create

PLAN_AVDELING = ("{k} sykehjem, avdeling 1 (langtid)", 0)
PLAN_SYKEHJEM_PASIENTER = 6
# (problem, goal, [(tiltak, weekdays (empty = every day), times, minutes)])
PLANTEMA: list[tuple[str, str, list[tuple[str, tuple[int, ...], tuple[str, ...], int]]]] = [
    (
        "Nedsatt væskeinntak",
        "Drikker minst 1,5 liter om dagen",
        [("Tilby drikke og før drikkeliste", (), ("08:00", "20:00"), 10)],
    ),
    (
        "Fare for fall",
        "Ingen fall de neste tre månedene",
        [("Følge ved forflytning, sjekk sko og rullator", (), ("08:00",), 15)],
    ),
    (
        "Behov for hjelp til personlig hygiene",
        "Klarer overkroppsvask selv innen seks uker",
        [
            ("Hjelp til morgenstell", (1, 3, 5), ("08:00",), 30),
            ("Dusj med hjelp", (2,), ("11:00",), 45),
        ],
    ),
    (
        "Legemiddelhåndtering",
        "Tar legemidler riktig hver dag",
        [("Gi legemidler fra multidose", (), ("08:00", "15:00", "20:00"), 5)],
    ),
    (
        "Fare for trykksår",
        "Hel hud på sete og hæler",
        [("Inspiser hud og smør hæler", (1, 4), ("20:00",), 10)],
    ),
]


def _demo_plan(pick: random.Random, ansatt: Ansatt, pasient: Pasient, enhet: Enhet) -> None:
    """A plan with 1–3 problems, a goal each and their tiltak (2–5 in all, scheduled for
    `enhet`), written through the services (audited)."""
    plan = tiltaksplan_create(actor=ansatt, pasient_id=pasient.pk, gyldig_fra=idag())
    temaer = pick.sample(PLANTEMA, pick.randint(1, 3))
    if sum(len(t[2]) for t in temaer) < 2:  # at least two tiltak
        temaer.append(next(t for t in PLANTEMA if len(t[2]) > 1 and t not in temaer))
    for problem, mal, tiltak in temaer:
        behov = behov_add(actor=ansatt, pasient_id=pasient.pk, plan_id=plan.pk, tekst=problem)
        maal_add(actor=ansatt, pasient_id=pasient.pk, behov_id=behov.pk, tekst=mal)
        for tekst, ukedager, tider, minutter in tiltak:
            tiltak_add(
                actor=ansatt,
                pasient_id=pasient.pk,
                plan_id=plan.pk,
                behov_id=behov.pk,
                tekst=tekst,
                ansvarlig_enhet_id=enhet.pk,
                timeplan=Timeplan(
                    frekvens=Frekvens.UKENTLIG if ukedager else Frekvens.DAGLIG,
                    ukedager=ukedager,
                    tidspunkter=tidspunkter_parse(", ".join(tider)),
                    varighet_min=minutter,
                ),
                start_dato=idag() - dt.timedelta(days=pick.randint(0, 14)),
            )


def _plans_for(
    units: dict[tuple[str, int], Enhet], unit: tuple[str, int], username: str, count: int
) -> int:
    enhet = units[unit]
    tilknytning = (
        Tilknytning.objects.filter(ansatt__username=username, enhet=enhet)
        .select_related("ansatt", "rolle", "enhet")
        .first()
    )
    if tilknytning is None:
        return 0
    pasienter = (
        Pasient.objects.filter(
            relasjoner__enhet=enhet, relasjoner__gyldig_til__isnull=True, dodsdato__isnull=True
        )
        .distinct()
        .order_by("identifikator")[:count]
    )
    har_plan = set(Tiltaksplan.objects.values_list("pasient_id", flat=True))
    if Tiltaksplan.objects.filter(enhet=enhet).count() >= count:
        return 0  # built before; patients related to the unit later get no plan on a rerun
    made = 0
    with request_context(acting_context(tilknytning)):
        for pasient in pasienter:
            if pasient.pk in har_plan:
                continue
            pick = random.Random(f"tiltaksplan-{pasient.identifikator}")  # noqa: S311
            with transaction.atomic():
                _demo_plan(pick, tilknytning.ansatt, pasient, enhet)
            made += 1
    return made


def build_tiltaksplaner(units: dict[tuple[str, int], Enhet]) -> int:
    """Care plans for the documented patients of the demo nurse's district (responsible
    unit: that district) and for some patients of the demo doctor's nursing-home ward;
    idempotent: a patient who has a plan gets none added. Returns the plans made."""
    return _plans_for(units, DOK_ENHET, "sykepleier", DOK_PASIENTER) + _plans_for(
        units, PLAN_AVDELING, "lege", PLAN_SYKEHJEM_PASIENTER
    )


# --- Assessments (kartlegging) for the same home-care patients -----------------------------
