"""The administration round (utdeling), pure: the rounds of a day (morning, midday, evening,
night, configurable per unit) as wall-clock windows, which round a due dose belongs to, and
when an unsigned dose counts as missed.

No database, no clock: "now" and the time zone are arguments. A round is a window of
wall-clock times in Europe/Oslo; the night round runs past midnight (22:00–06:00) and
belongs to the evening it starts on. On the daylight-saving days a window is an hour
shorter or longer in real time, and the doses in it are those `forfall_expand` gives
(08:00 stays 08:00 on both days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from legemidler.lib.dosering import OSLO, lokal_tid

MAKS_RUNDER = 8


@dataclass(frozen=True)
class Runde:
    """One round of a unit: code, name and its wall-clock window [fra, til); `til` before
    or equal to `fra` means it ends the next day (the night)."""

    kode: str
    navn: str
    fra: dt.time
    til: dt.time

    @property
    def over_midnatt(self) -> bool:
        return self.til <= self.fra

    def inneholder(self, tid: dt.time) -> bool:
        """Whether a wall-clock time of day falls in the round."""
        if self.over_midnatt:
            return tid >= self.fra or tid < self.til
        return self.fra <= tid < self.til

    @property
    def tekst(self) -> str:
        return f"{self.navn} ({self.fra:%H:%M}–{self.til:%H:%M})"


STANDARD_RUNDER: tuple[Runde, ...] = (
    Runde("morgen", "Morgen", dt.time(6), dt.time(11)),
    Runde("middag", "Middag", dt.time(11), dt.time(16)),
    Runde("kveld", "Kveld", dt.time(16), dt.time(22)),
    Runde("natt", "Natt", dt.time(22), dt.time(6)),
)


def runder_to_list(runder: Sequence[Runde]) -> list[dict[str, str]]:
    """Rounds → the JSON stored on a unit's settings."""
    return [
        {"kode": r.kode, "navn": r.navn, "fra": f"{r.fra:%H:%M}", "til": f"{r.til:%H:%M}"}
        for r in runder
    ]


def runder_from_list(data: object) -> tuple[Runde, ...]:
    """The stored JSON → rounds, validated: 1–8 rounds, unique codes, and together they
    cover every minute of the day exactly once (so no dose falls outside a round).
    Raises ValidationError in Norwegian."""
    if not isinstance(data, list) or not data:
        raise ValidationError({"runder": [_("Legg inn minst én runde.")]})
    if len(data) > MAKS_RUNDER:
        raise ValidationError({"runder": [_("Høyst %(n)d runder.") % {"n": MAKS_RUNDER}]})
    runder: list[Runde] = []
    for item in data:
        if not isinstance(item, Mapping):
            raise ValidationError({"runder": [_("Rundene har feil form.")]})
        kode, navn = str(item.get("kode", "")).strip(), str(item.get("navn", "")).strip()
        if not kode or not navn:
            raise ValidationError({"runder": [_("Hver runde trenger kode og navn.")]})
        try:
            fra = dt.time.fromisoformat(str(item.get("fra")))
            til = dt.time.fromisoformat(str(item.get("til")))
        except ValueError:
            raise ValidationError(
                {"runder": [_("Skriv rundens tider som klokkeslett, f.eks. 06:00.")]}
            ) from None
        runder.append(Runde(kode, navn, fra, til))
    if len({r.kode for r in runder}) != len(runder):
        raise ValidationError({"runder": [_("To runder har samme kode.")]})
    for minutt in range(24 * 60):
        tid = dt.time(minutt // 60, minutt % 60)
        if sum(1 for r in runder if r.inneholder(tid)) != 1:
            raise ValidationError(
                {
                    "runder": [
                        _("Rundene må dekke hele døgnet uten overlapp (se kl. %(t)s).")
                        % {"t": f"{tid:%H:%M}"}
                    ]
                }
            )
    return tuple(runder)


def runde_get(runder: Sequence[Runde], kode: str) -> Runde:
    for r in runder:
        if r.kode == kode:
            return r
    raise ValidationError({"runde": [_("Ukjent runde «%(k)s».") % {"k": kode}]})


def runde_for_tid(runder: Sequence[Runde], tid: dt.time) -> Runde:
    """The round a wall-clock time belongs to (the rounds cover the day)."""
    for r in runder:
        if r.inneholder(tid):
            return r
    return runder[-1]


def runde_vindu(runde: Runde, dag: dt.date, tz: ZoneInfo = OSLO) -> tuple[dt.datetime, dt.datetime]:
    """The round's window on `dag` as aware UTC moments [fra, til). The night round that
    starts on `dag` ends on the next day. On daylight-saving days the window is 23 or 25
    hours' worth of wall-clock minutes shorter or longer, never shifted."""
    start = lokal_tid(dag, runde.fra, tz)
    sluttdag = dag + dt.timedelta(days=1) if runde.over_midnatt else dag
    return start, lokal_tid(sluttdag, runde.til, tz)


def runde_for_moment(
    runder: Sequence[Runde], moment: dt.datetime, tz: ZoneInfo = OSLO
) -> tuple[Runde, dt.date]:
    """The round and the day it belongs to (the night after midnight belongs to the
    evening before) for an aware moment."""
    lokal = moment.astimezone(tz)
    runde = runde_for_tid(runder, lokal.time().replace(second=0, microsecond=0))
    dag = lokal.date()
    if runde.over_midnatt and lokal.time() < runde.til:
        dag -= dt.timedelta(days=1)
    return runde, dag


def runde_naa(
    runder: Sequence[Runde], naa: dt.datetime, tz: ZoneInfo = OSLO
) -> tuple[Runde, dt.date]:
    """The round going on now and its day."""
    return runde_for_moment(runder, naa, tz)


def er_forsinket(forfall: dt.datetime, gitt: dt.datetime, frist_min: int) -> bool:
    """A dose given more than `frist_min` minutes after it was due is given late."""
    # In UTC: Python adds to and compares datetimes of one tzinfo by wall clock.
    return gitt.astimezone(dt.UTC) > forfall.astimezone(dt.UTC) + dt.timedelta(minutes=frist_min)


def er_glemt(forfall: dt.datetime, naa: dt.datetime, frist_min: int) -> bool:
    """An unsigned dose is missed once `frist_min` minutes have passed since it was due."""
    return naa.astimezone(dt.UTC) >= forfall.astimezone(dt.UTC) + dt.timedelta(minutes=frist_min)


def atc_match(atc: str, prefikser: Sequence[str]) -> bool:
    """Whether an ATC code falls under any of the prefixes (N02A matches N02AA01)."""
    return any(p and atc.upper().startswith(p.upper()) for p in prefikser)
