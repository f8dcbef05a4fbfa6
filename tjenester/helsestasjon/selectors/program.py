"""The programmes in force on a day (reference data; no patient data, no access check)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from tjenester.helsestasjon.lib.program import Dose, Punkt
from tjenester.helsestasjon.models import Programpunkt, Vaksinedose


def _in_force(day: dt.date) -> Q:
    return Q(gyldig_fra__lte=day) & (Q(gyldig_til__isnull=True) | Q(gyldig_til__gt=day))


def programpunkter_gjeldende(day: dt.date) -> list[Programpunkt]:
    """The programme points in force on `day`, the newest version of each, in order."""
    seen: dict[str, Programpunkt] = {}
    for punkt in Programpunkt.objects.filter(_in_force(day)).order_by("kode", "-gyldig_fra"):
        seen.setdefault(punkt.kode, punkt)
    return sorted(seen.values(), key=lambda p: (p.rekkefolge, p.kode))


def vaksinedoser_gjeldende(day: dt.date) -> list[Vaksinedose]:
    """The vaccine doses in force on `day`, the newest version of each, in order."""
    seen: dict[str, Vaksinedose] = {}
    for dose in Vaksinedose.objects.filter(_in_force(day)).order_by("kode", "-gyldig_fra"):
        seen.setdefault(dose.kode, dose)
    return sorted(seen.values(), key=lambda d: (d.rekkefolge, d.kode))


def punkt_spec(punkt: Programpunkt) -> Punkt:
    return Punkt(punkt.kode, punkt.alder_enhet, punkt.alder_verdi)


def dose_specs(doser: list[Vaksinedose], kjoenn: str) -> list[tuple[Vaksinedose, Dose]]:
    """The doses that apply to a child of `kjoenn`, with their schedule specs."""
    return [
        (
            d,
            Dose(
                kode=d.kode,
                vaksine=d.vaksine,
                dose_nr=d.dose_nr,
                alder_enhet=d.alder_enhet,
                alder_verdi=d.alder_verdi,
                minimumsalder_dager=d.minimumsalder_dager,
                minsteintervall_dager=d.minsteintervall_dager,
                maksalder_dager=d.maksalder_dager,
            ),
        )
        for d in doser
        if not d.kjoenn or d.kjoenn == kjoenn
    ]
