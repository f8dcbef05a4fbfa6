"""The health-station programme and the vaccine schedule for one child: pure functions.

Due dates follow the child's birth date: days, weeks, months (the same day of the month,
the last day when the month is shorter) or years; a school year (trinn N) is due at the
start of that school year, 15 August of the year the child turns 5 + N (children start
1. trinn the calendar year they turn six).

Consultation states: done, not attended, due this week, overdue (its date has passed and
the next consultation is not yet due), passed (missed and superseded by a later one),
coming. Vaccine states: given, refused, due this week, overdue, expired (past the highest
age, rotavirus), coming. A later dose of a vaccine is never due before the minimum
interval after the dose before it was given.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# The values of models.AlderEnhet (lib code does not import models).
DAG, UKE, MAANED, AAR, TRINN = "dag", "uke", "maaned", "aar", "trinn"
SKOLEAAR_START = (8, 15)

UTFOERT = "utfort"
IKKE_MOETT = "ikke_mott"
FORFALLER = "forfaller"
FORFALT = "forfalt"
PASSERT = "passert"
KOMMENDE = "kommende"
GITT = "gitt"
RESERVERT = "reservert"
UTGAATT = "utgatt"


def add_months(day: dt.date, months: int) -> dt.date:
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def due_date(foedt: dt.date, enhet: str, verdi: int) -> dt.date:
    """The date a programme point (or dose) falls due for a child born `foedt`."""
    if enhet == DAG:
        return foedt + dt.timedelta(days=verdi)
    if enhet == UKE:
        return foedt + dt.timedelta(weeks=verdi)
    if enhet == MAANED:
        return add_months(foedt, verdi)
    if enhet == AAR:
        return add_months(foedt, 12 * verdi)
    if enhet == TRINN:
        return dt.date(foedt.year + 5 + verdi, *SKOLEAAR_START)
    raise ValueError(enhet)


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the ISO week of `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


@dataclass(frozen=True)
class Punkt:
    """A programme point as the schedule needs it."""

    kode: str
    alder_enhet: str
    alder_verdi: int


@dataclass(frozen=True)
class PunktStatus:
    kode: str
    forfall: dt.date
    status: str


def programme_status(
    foedt: dt.date,
    punkter: Sequence[Punkt],
    registrert: Mapping[str, str],
    idag: dt.date,
) -> list[PunktStatus]:
    """Every point's due date and state. `registrert` maps a point's code to the recorded
    outcome (UTFOERT or IKKE_MOETT); `punkter` is in programme order."""
    _, week_end = week_of(idag)
    dates = [due_date(foedt, p.alder_enhet, p.alder_verdi) for p in punkter]
    result: list[PunktStatus] = []
    for i, (punkt, forfall) in enumerate(zip(punkter, dates, strict=True)):
        next_due = dates[i + 1] if i + 1 < len(dates) else None
        superseded = next_due is not None and next_due <= idag
        recorded = registrert.get(punkt.kode)
        if recorded == UTFOERT:
            status = UTFOERT
        elif superseded and forfall < idag:
            status = IKKE_MOETT if recorded == IKKE_MOETT else PASSERT
        elif forfall < idag - dt.timedelta(days=idag.weekday()):
            status = FORFALT
        elif forfall <= week_end:
            status = FORFALLER
        else:
            status = KOMMENDE
        result.append(PunktStatus(punkt.kode, forfall, status))
    return result


@dataclass(frozen=True)
class Dose:
    """A dose of the vaccine programme as the schedule needs it."""

    kode: str
    vaksine: str
    dose_nr: int
    alder_enhet: str
    alder_verdi: int
    minimumsalder_dager: int
    minsteintervall_dager: int | None = None
    maksalder_dager: int | None = None


@dataclass(frozen=True)
class DoseStatus:
    kode: str
    forfall: dt.date
    status: str


def _previous_given(dose: Dose, gitt: Mapping[tuple[str, int], dt.date]) -> dt.date | None:
    earlier = [d for (v, n), d in gitt.items() if v == dose.vaksine and n < dose.dose_nr]
    return max(earlier) if earlier else None


def _previous_given_fast(dose: Dose, gitt: Mapping[tuple[str, int], dt.date]) -> dt.date | None:
    """`_previous_given` by looking up the earlier dose numbers (a handful) instead of
    scanning every dose the child was given (the worklist's inner loop)."""
    earlier = [d for n in range(dose.dose_nr - 1, 0, -1) if (d := gitt.get((dose.vaksine, n)))]
    return max(earlier) if earlier else None


def vaccine_status(
    foedt: dt.date,
    doser: Sequence[Dose],
    gitt: Mapping[tuple[str, int], dt.date],
    reservert: set[str],
    idag: dt.date,
) -> list[DoseStatus]:
    """Every dose's due date and state. `gitt` maps (vaccine, dose number) to the date it
    was given; `reservert` holds the codes of doses the parents refused."""
    monday, week_end = week_of(idag)
    result: list[DoseStatus] = []
    for dose in doser:
        forfall = due_date(foedt, dose.alder_enhet, dose.alder_verdi)
        forrige = _previous_given(dose, gitt)
        if forrige is not None and dose.minsteintervall_dager:
            forfall = max(forfall, forrige + dt.timedelta(days=dose.minsteintervall_dager))
        if (dose.vaksine, dose.dose_nr) in gitt:
            status = GITT
        elif dose.kode in reservert:
            status = RESERVERT
        elif dose.maksalder_dager is not None and (idag - foedt).days > dose.maksalder_dager:
            status = UTGAATT
        elif forfall < monday:
            status = FORFALT
        elif forfall <= week_end:
            status = FORFALLER
        else:
            status = KOMMENDE
        result.append(DoseStatus(dose.kode, forfall, status))
    return result


# Why a dose may not be given as planned (services turn these into Norwegian warnings).
FOR_UNG = "for_ung"
FOR_KORT_INTERVALL = "for_kort_intervall"
FOR_GAMMEL = "for_gammel"


def dose_check(
    foedt: dt.date, dose: Dose, gitt_dato: dt.date, forrige: dt.date | None
) -> list[str]:
    """The rules a dose given on `gitt_dato` breaks: below the minimum age, inside the
    minimum interval after the previous dose of the same vaccine, past the highest age."""
    brudd: list[str] = []
    alder = (gitt_dato - foedt).days
    if alder < dose.minimumsalder_dager:
        brudd.append(FOR_UNG)
    if (
        forrige is not None
        and dose.minsteintervall_dager is not None
        and (gitt_dato - forrige).days < dose.minsteintervall_dager
    ):
        brudd.append(FOR_KORT_INTERVALL)
    if dose.maksalder_dager is not None and alder > dose.maksalder_dager:
        brudd.append(FOR_GAMMEL)
    return brudd


def previous_dose_date(dose: Dose, gitt: Mapping[tuple[str, int], dt.date]) -> dt.date | None:
    """The date the latest earlier dose of the same vaccine was given."""
    return _previous_given(dose, gitt)


# --- the worklist: only what is due this week or overdue, in O(1) per point ---------------


def months_between(foedt: dt.date, day: dt.date) -> int:
    """The number of whole months m ≥ 0 with add_months(foedt, m) ≤ day (-1 before birth)."""
    months = (day.year - foedt.year) * 12 + day.month - foedt.month
    if months >= 0 and add_months(foedt, months) > day:
        months -= 1
    return months


class _Alder:
    """A child's age on two days (today, the week's Sunday), for O(1) 'is it due?' checks."""

    __slots__ = ("days", "foedt", "months")

    def __init__(self, foedt: dt.date, day: dt.date) -> None:
        self.foedt = foedt
        self.days = (day - foedt).days
        self.months = months_between(foedt, day)

    def reached(self, enhet: str, verdi: int, day: dt.date) -> bool:
        """due_date(foedt, enhet, verdi) ≤ day, without building the date."""
        if enhet == DAG:
            return self.days >= verdi
        if enhet == UKE:
            return self.days >= 7 * verdi
        if enhet == MAANED:
            return self.months >= verdi
        if enhet == AAR:
            return self.months >= 12 * verdi
        return day >= dt.date(self.foedt.year + 5 + verdi, *SKOLEAAR_START)


def worklist_items(
    foedt: dt.date,
    punkter: Sequence[Punkt],
    registrert: Mapping[str, str],
    doser: Sequence[Dose],
    gitt: Mapping[tuple[str, int], dt.date],
    reservert: set[str],
    idag: dt.date,
) -> tuple[list[tuple[int, PunktStatus]], list[tuple[int, DoseStatus]]]:
    """The programme points and doses (by index) that are due this week or overdue: the
    same answer as filtering programme_status / vaccine_status for FORFALLER and FORFALT,
    without computing every due date (the nurse's worklist over thousands of children)."""
    monday, week_end = week_of(idag)
    i_dag = _Alder(foedt, idag)
    uke = _Alder(foedt, week_end)
    punkt_rader: list[tuple[int, PunktStatus]] = []
    passed = 0
    for p in punkter:  # in programme order, so by age
        if not i_dag.reached(p.alder_enhet, p.alder_verdi, idag):
            break
        passed += 1
    kandidater = []
    if passed:
        kandidater.append(passed - 1)  # the latest passed: not superseded by definition
    if passed < len(punkter) and uke.reached(
        punkter[passed].alder_enhet, punkter[passed].alder_verdi, week_end
    ):
        kandidater.append(passed)
    for i in kandidater:
        p = punkter[i]
        if registrert.get(p.kode) == UTFOERT:
            continue
        forfall = due_date(foedt, p.alder_enhet, p.alder_verdi)
        punkt_rader.append(
            (i, PunktStatus(p.kode, forfall, FORFALT if forfall < monday else FORFALLER))
        )
    dose_rader: list[tuple[int, DoseStatus]] = []
    for i, dose in enumerate(doser):
        if (dose.vaksine, dose.dose_nr) in gitt or dose.kode in reservert:
            continue
        if dose.maksalder_dager is not None and i_dag.days > dose.maksalder_dager:
            continue
        # The interval only moves a due date later, so a dose whose age is not reached by
        # the week's end is not due whatever was given before (checked first: cheap).
        if not uke.reached(dose.alder_enhet, dose.alder_verdi, week_end):
            continue
        forfall = due_date(foedt, dose.alder_enhet, dose.alder_verdi)
        if dose.minsteintervall_dager:
            forrige = _previous_given_fast(dose, gitt)
            if forrige is not None:
                forfall = max(forfall, forrige + dt.timedelta(days=dose.minsteintervall_dager))
        if forfall > week_end:
            continue
        dose_rader.append(
            (i, DoseStatus(dose.kode, forfall, FORFALT if forfall < monday else FORFALLER))
        )
    return punkt_rader, dose_rader


# --- the stored status: when each open item is on the weekly worklist ---------------------
#
# What the worklist shows for a child depends on the day only through "due this week or
# overdue" (and a consultation being superseded, a dose passing its highest age). Each open
# item (a consultation not held, a dose neither given nor refused) is on the list on the
# days t with fra <= t < til: `fra` is the Monday of the week it falls due (later for a
# consultation while an earlier one is still the current one), `til` the day a later
# consultation falls due (superseded) or the day after a dose's highest age (None: until it
# is done). Stored on the enrolment and recomputed when the records change, so reading the
# worklist needs no aggregate, and moving the clock needs no write.

KONSULTASJON = "k"
VAKSINE = "v"


@dataclass(frozen=True)
class Vindu:
    """One open item of a child's programme and the days it is on the weekly worklist."""

    type: str  # KONSULTASJON or VAKSINE
    kode: str
    forfall: dt.date
    fra: dt.date
    til: dt.date | None

    def active(self, day: dt.date) -> bool:
        return self.fra <= day and (self.til is None or day < self.til)

    def to_json(self) -> list[str | None]:
        return [
            self.type,
            self.kode,
            self.forfall.isoformat(),
            self.fra.isoformat(),
            self.til.isoformat() if self.til else None,
        ]

    @classmethod
    def from_json(cls, row: Sequence[str | None]) -> Vindu:
        type_, kode, forfall, fra, til = row
        return cls(
            str(type_),
            str(kode),
            dt.date.fromisoformat(str(forfall)),
            dt.date.fromisoformat(str(fra)),
            dt.date.fromisoformat(til) if til else None,
        )


def worklist_windows(
    foedt: dt.date,
    punkter: Sequence[Punkt],
    registrert: Mapping[str, str],
    doser: Sequence[Dose],
    gitt: Mapping[tuple[str, int], dt.date],
    reservert: set[str],
) -> list[Vindu]:
    """Every open item with the days it is on the worklist (consultations in programme
    order, then doses): on day t, the items with fra <= t < til are exactly what
    `worklist_items` answers for t (the same records and programme)."""
    vinduer: list[Vindu] = []
    dates = [due_date(foedt, p.alder_enhet, p.alder_verdi) for p in punkter]
    # prefix[k]: the latest due date of the first k points (the worklist counts the points
    # reached as the prefix of the programme whose dates have all come).
    prefix: list[dt.date | None] = [None]
    for d in dates:
        last = prefix[-1]
        prefix.append(d if last is None or d > last else last)
    n = len(punkter)
    for i, p in enumerate(punkter):
        if registrert.get(p.kode) == UTFOERT:
            continue
        forfall = dates[i]
        fra = week_of(forfall)[0]
        before = prefix[i]
        if before is not None and before > fra:
            fra = before  # an earlier point is the current one until its date
        til = prefix[i + 2] if i + 1 < n else None
        if til is not None and fra >= til:
            continue  # superseded before it was ever current
        vinduer.append(Vindu(KONSULTASJON, p.kode, forfall, fra, til))
    for dose in doser:
        if (dose.vaksine, dose.dose_nr) in gitt or dose.kode in reservert:
            continue
        forfall = due_date(foedt, dose.alder_enhet, dose.alder_verdi)
        if dose.minsteintervall_dager:
            forrige = _previous_given_fast(dose, gitt)
            if forrige is not None:
                forfall = max(forfall, forrige + dt.timedelta(days=dose.minsteintervall_dager))
        fra = week_of(forfall)[0]
        til = (
            foedt + dt.timedelta(days=dose.maksalder_dager + 1)
            if dose.maksalder_dager is not None
            else None
        )
        if til is not None and fra >= til:
            continue  # past the highest age before it falls due
        vinduer.append(Vindu(VAKSINE, dose.kode, forfall, fra, til))
    return vinduer


@dataclass(frozen=True)
class Status:
    """A child's stored status as of `beregnet`: the next consultation and dose not yet
    done (the current one, or the next to come), and from when the child is on the
    worklist (None: not again unless the records change)."""

    beregnet: dt.date
    neste_konsultasjon: Vindu | None
    neste_vaksinedose: Vindu | None
    aktuell_fra: dt.date | None
    vinduer: list[Vindu]


def status_of(vinduer: list[Vindu], day: dt.date) -> Status:
    """The status as of `day`: items whose days on the worklist are over are left out of
    the next-due fields (they stay in `vinduer`, for a clock moved back)."""
    kommende = [v for v in vinduer if v.til is None or v.til > day]

    def first(type_: str) -> Vindu | None:
        av_type = [v for v in kommende if v.type == type_]
        return min(av_type, key=lambda v: (v.fra, v.forfall)) if av_type else None

    return Status(
        beregnet=day,
        neste_konsultasjon=first(KONSULTASJON),
        neste_vaksinedose=first(VAKSINE),
        aktuell_fra=min((v.fra for v in kommende), default=None),
        vinduer=vinduer,
    )


def worklist_from_windows(
    vinduer: Sequence[Vindu], idag: dt.date
) -> tuple[list[PunktStatus], list[DoseStatus]]:
    """What is due this week or overdue on `idag`, from the stored windows."""
    monday, _ = week_of(idag)
    punkter: list[PunktStatus] = []
    doser: list[DoseStatus] = []
    for v in vinduer:
        if not v.active(idag):
            continue
        status = FORFALT if v.forfall < monday else FORFALLER
        if v.type == KONSULTASJON:
            punkter.append(PunktStatus(v.kode, v.forfall, status))
        else:
            doser.append(DoseStatus(v.kode, v.forfall, status))
    return punkter, doser
