"""Schedules of tiltak: validation, expansion into dates, and the schedule in Norwegian words.

Pure functions (no database), shared by the services, the selectors and the pages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The values of journal.models.tiltaksplan.Frekvens (lib code does not import models).
DAGLIG = "daglig"
UKENTLIG = "ukentlig"
VED_BEHOV = "ved_behov"
FREKVENSER = (DAGLIG, UKENTLIG, VED_BEHOV)

# Named periods of the day and the time each stands for.
PERIODER: dict[str, dt.time] = {
    "morgen": dt.time(8, 0),
    "formiddag": dt.time(11, 0),
    "ettermiddag": dt.time(15, 0),
    "kveld": dt.time(20, 0),
    "natt": dt.time(23, 0),
}
UKEDAG_KORT = {1: "man", 2: "tir", 3: "ons", 4: "tor", 5: "fre", 6: "lør", 7: "søn"}
MAX_TIDSPUNKTER = 12
MAX_INTERVALL = 52


@dataclass(frozen=True)
class Timeplan:
    """When a tiltak is done. See journal.models.tiltaksplan.Tiltak for the meaning."""

    frekvens: str = DAGLIG
    intervall: int = 1
    ukedager: tuple[int, ...] = ()
    tidspunkter: tuple[dt.time, ...] = field(default_factory=tuple)
    varighet_min: int = 15


def tidspunkter_parse(value: str) -> tuple[dt.time, ...]:
    """Times of day from text: "08:00, 20.30" or named periods ("morgen og kveld").

    Sorted, without duplicates. Raises ValidationError with a Norwegian message.
    """
    times: set[dt.time] = set()
    for part in re.split(r"[,;\s]+|\bog\b", value.strip().lower()):
        if not part:
            continue
        if part in PERIODER:
            times.add(PERIODER[part])
            continue
        match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?", part)
        if match is None or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
            raise ValidationError(
                _("«%(del)s» er ikke et klokkeslett. Skriv f.eks. 08:00, 20:30 eller morgen.")
                % {"del": part}
            )
        times.add(dt.time(int(match.group(1)), int(match.group(2) or 0)))
    return tuple(sorted(times))


def timeplan_validate(plan: Timeplan) -> None:
    """Raise ValidationError per field for a schedule that cannot be kept."""
    errors: dict[str, list[str]] = {}
    if plan.frekvens not in FREKVENSER:
        errors["frekvens"] = [_("Velg hvor ofte tiltaket skal gjøres.")]
    if not 1 <= plan.intervall <= MAX_INTERVALL:
        errors["intervall"] = [
            _("Intervallet må være mellom 1 og %(maks)s.") % {"maks": MAX_INTERVALL}
        ]
    if any(d not in UKEDAG_KORT for d in plan.ukedager):
        errors["ukedager"] = [_("Ukedager oppgis som 1 (mandag) til 7 (søndag).")]
    elif plan.frekvens == UKENTLIG and not plan.ukedager:
        errors["ukedager"] = [_("Velg minst én ukedag.")]
    if len(plan.tidspunkter) > MAX_TIDSPUNKTER:
        errors["tidspunkter"] = [
            _("Høyst %(maks)s tidspunkter per dag.") % {"maks": MAX_TIDSPUNKTER}
        ]
    if not 1 <= plan.varighet_min <= 1440:
        errors["varighet_min"] = [_("Varigheten må være mellom 1 og 1440 minutter.")]
    if errors:
        raise ValidationError(errors)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.isoweekday() - 1)


def timeplan_dates(
    plan: Timeplan,
    *,
    start: dt.date,
    slutt: dt.date | None,
    fra: dt.date,
    til: dt.date,
) -> Iterator[dt.date]:
    """The days in [fra, til] on which a tiltak valid from `start` to `slutt` (both
    included, None = open) is due. Intervals count from the start date (daily) or from
    the week of the start date (weekly)."""
    if plan.frekvens == VED_BEHOV:
        return
    first = max(fra, start)
    last = min(til, slutt) if slutt is not None else til
    intervall = max(1, plan.intervall)
    day = first
    while day <= last:
        if plan.frekvens == DAGLIG:
            if (day - start).days % intervall == 0:
                yield day
        elif day.isoweekday() in plan.ukedager:
            weeks = (_monday(day) - _monday(start)).days // 7
            if weeks % intervall == 0:
                yield day
        day += dt.timedelta(days=1)


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {_('og')} {parts[-1]}"


def timeplan_words(plan: Timeplan) -> str:
    """The schedule as a nurse would say it: "Man, ons, fre kl. 08:00 og 20:00, 15 min"."""
    if plan.frekvens == VED_BEHOV:
        days = _("Ved behov")
    elif plan.frekvens == DAGLIG:
        days = (
            _("Hver dag") if plan.intervall == 1 else _("Hver %(n)s. dag") % {"n": plan.intervall}
        )
    else:
        ukedager = sorted(set(plan.ukedager))
        days = _("Hver dag") if len(ukedager) == 7 else ", ".join(UKEDAG_KORT[d] for d in ukedager)
        if plan.intervall > 1:
            days = _("Hver %(n)s. uke: %(dager)s") % {"n": plan.intervall, "dager": days}
        days = days[:1].upper() + days[1:]
    text = days
    if plan.tidspunkter:
        text += " " + _("kl.") + " " + _join([f"{t:%H:%M}" for t in sorted(plan.tidspunkter)])
    return f"{text}, {plan.varighet_min} min"
