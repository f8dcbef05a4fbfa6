"""A believable demo municipality (`manage.py demo_journal`), and a fast generator of
synthetic patients for benchmarks (`--patients N`).

Organisation and staff, patients (the same people on any date), their documentation, care
plans and assessments, each in its own module, built in that order by `demo_build`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from core.models import Enhet, Kommune
from core.roller import roller_seed
from journal.demo.dokumentasjon import (
    DEMO_KRITISK,
    DOK_DAGER,
    DOK_ENHET,
    DOK_PASIENTER,
    build_dokumentasjon,
    build_kritisk,
)
from journal.demo.kartlegging import KARTLEGGING_PASIENTER, build_kartlegging
from journal.demo.organisasjon import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    ENHETER,
    KOMMUNER,
    build_organisation,
    build_staff,
)
from journal.demo.pasienter import (
    DEMO_REFERANSEDATO,
    build_patients,
    bulk_generate,
    synthetic_fnr,
)
from journal.demo.tiltaksplan import PLAN_AVDELING, PLAN_SYKEHJEM_PASIENTER, build_tiltaksplaner
from journal.models import Pasient
from journal.seeds import tilgangsgrunner_seed


@dataclass
class DemoResult:
    kommuner: int
    enheter: int
    ansatte: int
    pasienter_nye: int
    pasienter_totalt: int


def demo_build(*, patients: int = 500, seed: int = 20261122) -> DemoResult:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    with transaction.atomic():
        roller_seed()
        tilgangsgrunner_seed()
        units = build_organisation(rng)
        staff = build_staff(rng, units)
    created = build_patients(random.Random(seed + 1), patients, units)  # noqa: S311
    build_kritisk(units)
    build_dokumentasjon(units)
    build_tiltaksplaner(units)
    build_kartlegging(units)
    return DemoResult(
        kommuner=Kommune.objects.count(),
        enheter=Enhet.objects.count(),
        ansatte=staff,
        pasienter_nye=created,
        pasienter_totalt=Pasient.objects.count(),
    )


__all__ = [
    "DEMO_KRITISK",
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "DEMO_REFERANSEDATO",
    "DOK_DAGER",
    "DOK_ENHET",
    "DOK_PASIENTER",
    "ENHETER",
    "KARTLEGGING_PASIENTER",
    "KOMMUNER",
    "PLAN_AVDELING",
    "PLAN_SYKEHJEM_PASIENTER",
    "DemoResult",
    "build_dokumentasjon",
    "build_kartlegging",
    "build_kritisk",
    "build_organisation",
    "build_patients",
    "build_staff",
    "build_tiltaksplaner",
    "bulk_generate",
    "demo_build",
    "synthetic_fnr",
]
