"""Growth: age (corrected for preterm birth), SD scores and centiles against the WHO Child
Growth Standards 0–5 years, centile curves and the flags a nurse must see.

The reference is the WHO Child Growth Standards (2006) as shipped by `rcpchgrowth` (reference
"who", not "uk-who": UK-WHO mixes in the UK90 preterm data and switches reference at 4 years;
"who" is the WHO standard alone). Its tables hold L, M and S per day of age: days 0–730
(length lying) and 731–1856 (height standing). SD scores of a child's points are computed
by `rcpchgrowth`; the curves are drawn from the same daily LMS values with the LMS formula
(Cole & Green 1992), which is exact at each day and fast enough to draw a chart in a few ms.

Pure: no database, no clock; "today" and the birth data are arguments.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from statistics import NormalDist

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise
from rcpchgrowth import who as _who  # type: ignore[import-untyped]
from rcpchgrowth.global_functions import (  # type: ignore[import-untyped]
    sds_for_measurement as _sds_for_measurement,
)

REFERANSE = "WHO Child Growth Standards 2006 (rcpchgrowth, referanse «who»)"
TERMIN_DAGER = 280  # 40 weeks
PRETERM_GRENSE_DAGER = 37 * 7  # born before 37+0 weeks
KORRIGER_TIL_DAGER = 730  # corrected age is used until the child is two years old
MAKS_DAGER = 1856  # the WHO 0–5 standard's last day in the tables (5 years and about a month)
TO_AAR_DAGER = 731  # first day of the standing-height table
LIGGENDE_STAAENDE_CM = 0.7  # WHO: lying length is on average 0.7 cm more than standing height
AAR = 365.25

# The major centile lines of a growth chart, two thirds of an SD apart (labels as printed).
HOVEDLINJER: tuple[tuple[str, float], ...] = tuple(
    (label, k * 2 / 3)
    for label, k in zip(
        ("0,4", "2", "9", "25", "50", "75", "91", "98", "99,6"), range(-4, 5), strict=True
    )
)
LAV_SDS = -2.0  # the 2.3rd centile


class Maaletype(StrEnum):
    """What was measured; values are in kg (weight) or cm (length/height, head)."""

    VEKT = "vekt"
    LENGDE = "lengde"
    HODEOMKRETS = "hodeomkrets"


class Kjonn(StrEnum):
    GUTT = "gutt"
    JENTE = "jente"


_RCPCH_METODE = {
    Maaletype.VEKT: "weight",
    Maaletype.LENGDE: "height",
    Maaletype.HODEOMKRETS: "ofc",
}
_RCPCH_KJONN = {Kjonn.GUTT: "male", Kjonn.JENTE: "female"}
NAVN: dict[Maaletype, StrOrPromise] = {
    Maaletype.VEKT: gettext_lazy("Vekt"),
    Maaletype.LENGDE: gettext_lazy("Lengde/høyde"),
    Maaletype.HODEOMKRETS: gettext_lazy("Hodeomkrets"),
}
ENHET = {Maaletype.VEKT: "kg", Maaletype.LENGDE: "cm", Maaletype.HODEOMKRETS: "cm"}


@dataclass(frozen=True)
class Alder:
    """The age a measurement is plotted at, in days, and whether it was corrected."""

    dager: int
    kronologisk_dager: int
    korrigert: bool

    @property
    def aar(self) -> float:
        return self.dager / AAR


def alder_calculate(
    *,
    fodselsdato: dt.date,
    dato: dt.date,
    svangerskapsuker: int | None = None,
    svangerskapsdager: int = 0,
) -> Alder:
    """Age at `dato`; for a child born before 37 weeks, corrected by the weeks born early
    (40 weeks minus gestational age) until the chronological age is two years."""
    kronologisk = (dato - fodselsdato).days
    if svangerskapsuker is None:
        return Alder(kronologisk, kronologisk, False)
    gestasjon = svangerskapsuker * 7 + svangerskapsdager
    if gestasjon >= PRETERM_GRENSE_DAGER or kronologisk >= KORRIGER_TIL_DAGER:
        return Alder(kronologisk, kronologisk, False)
    return Alder(kronologisk - (TERMIN_DAGER - gestasjon), kronologisk, True)


def persentil(sds: float) -> float:
    """The centile (0–100) of an SD score."""
    return NormalDist().cdf(sds) * 100


def sds_for_persentil(p: float) -> float:
    return NormalDist().inv_cdf(p / 100)


def in_reference(dager: int) -> bool:
    """Whether the WHO 0–5 standard covers this (corrected) age."""
    return 0 <= dager <= MAKS_DAGER


def lengde_adjust(cm: float, *, dager: int, liggende: bool) -> float:
    """The WHO standard is lying length under two years and standing height from two: a
    value measured the other way is converted by 0.7 cm (WHO training course, module C)."""
    if dager < TO_AAR_DAGER and not liggende:
        return cm + LIGGENDE_STAAENDE_CM
    if dager >= TO_AAR_DAGER and liggende:
        return cm - LIGGENDE_STAAENDE_CM
    return cm


def sds_calculate(*, maaletype: Maaletype, kjonn: Kjonn, dager: int, verdi: float) -> float | None:
    """The SD score of a value (kg or cm, length already adjusted) at an age in days; None
    outside the WHO 0–5 standard (before term, after five years)."""
    if not in_reference(dager):
        return None
    sds: float = float(
        _sds_for_measurement(
            reference="who",
            age=dager / AAR,
            measurement_method=_RCPCH_METODE[maaletype],
            observation_value=float(verdi),
            sex=_RCPCH_KJONN[kjonn],
        )
    )
    return sds


@cache
def _lms_per_dag(maaletype: Maaletype, kjonn: Kjonn) -> tuple[tuple[float, float, float], ...]:
    """L, M and S for every day 0…1856 (index = day of age)."""
    metode, sex = _RCPCH_METODE[maaletype], _RCPCH_KJONN[kjonn]
    rader = [
        *_who.WHO_INFANTS_DATA["measurement"][metode][sex],
        *_who.WHO_CHILD_DATA["measurement"][metode][sex],
    ]
    rader = [r for r in rader if round(r["decimal_age"] * AAR) <= MAKS_DAGER]
    if len(rader) != MAKS_DAGER + 1:  # pragma: no cover - a changed package would show here
        raise LookupError(f"WHO-tabellen for {metode}/{sex} har {len(rader)} dager")
    return tuple((float(r["L"]), float(r["M"]), float(r["S"])) for r in rader)


def verdi_for_sds(*, maaletype: Maaletype, kjonn: Kjonn, dager: int, sds: float) -> float:
    """The value (kg or cm) at an SD score and an age in days (the LMS formula)."""
    lam, mu, sigma = _lms_per_dag(maaletype, kjonn)[dager]
    if lam == 0:
        return mu * math.exp(sigma * sds)
    verdi: float = mu * (1 + lam * sigma * sds) ** (1 / lam)
    return verdi


@cache
def kurve(
    maaletype: Maaletype, kjonn: Kjonn, sds: float, til_dager: int, steg: int
) -> tuple[tuple[int, float], ...]:
    """A centile curve as (day, value) points from birth to `til_dager`."""
    dager = [*range(0, til_dager, steg), til_dager]
    return tuple(
        (d, verdi_for_sds(maaletype=maaletype, kjonn=kjonn, dager=d, sds=sds)) for d in dager
    )


@dataclass(frozen=True)
class Punkt:
    """One measured value placed on the reference."""

    dato: dt.date
    alder: Alder
    verdi: float
    sds: float | None

    @property
    def persentil(self) -> float | None:
        return None if self.sds is None else persentil(self.sds)


@dataclass(frozen=True)
class Flagg:
    """A finding on a series: crossed centile lines or below the 2.3rd centile."""

    kode: str  # "krysser_ned", "krysser_opp", "under_2_3"
    tekst: str
    fra: dt.date | None
    til: dt.date


def lines_between(a: float, b: float) -> int:
    """How many major centile lines lie strictly between two SD scores."""
    lav, hoy = min(a, b), max(a, b)
    return sum(1 for _label, linje in HOVEDLINJER if lav < linje < hoy)


def flagg_find(punkter: Sequence[Punkt], *, navn: StrOrPromise) -> list[Flagg]:
    """Flags for one series in date order: the largest crossing of two or more major
    centile lines between any earlier and later point, and a latest value below the 2.3rd
    centile (SDS < −2)."""
    med_sds = [(p, p.sds) for p in punkter if p.sds is not None]
    flagg: list[Flagg] = []
    beste: tuple[int, Punkt, Punkt, bool] | None = None
    for i, (tidlig, fra_sds) in enumerate(med_sds):
        for senere, til_sds in med_sds[i + 1 :]:
            antall = lines_between(fra_sds, til_sds)
            if antall >= 2 and (beste is None or antall > beste[0]):
                beste = (antall, tidlig, senere, til_sds < fra_sds)
    if beste is not None:
        antall, tidlig, senere, ned = beste
        flagg.append(
            Flagg(
                kode="krysser_ned" if ned else "krysser_opp",
                tekst=(
                    _("%(navn)s har krysset %(antall)s persentillinjer nedover (%(fra)s–%(til)s).")
                    if ned
                    else _(
                        "%(navn)s har krysset %(antall)s persentillinjer oppover (%(fra)s–%(til)s)."
                    )
                )
                % {
                    "navn": navn,
                    "antall": antall,
                    "fra": f"{tidlig.dato:%d.%m.%Y}",
                    "til": f"{senere.dato:%d.%m.%Y}",
                },
                fra=tidlig.dato,
                til=senere.dato,
            )
        )
    if med_sds and med_sds[-1][1] < LAV_SDS:
        siste, siste_sds = med_sds[-1]
        flagg.append(
            Flagg(
                kode="under_2_3",
                tekst=_("%(navn)s %(dato)s er under 2,3-persentilen (SDS %(sds)s).")
                % {
                    "navn": navn,
                    "dato": f"{siste.dato:%d.%m.%Y}",
                    "sds": format_number(siste_sds, 1),
                },
                fra=None,
                til=siste.dato,
            )
        )
    return flagg


def format_number(value: float, desimaler: int) -> str:
    """Norwegian notation: decimal comma, a real minus sign."""
    return f"{value:.{desimaler}f}".replace(".", ",").replace("-", "−")
