"""FeeCalculator: the fee rules of docs/standarder.md §7 as pure functions (no database).

Legal basis: forskrift om egenandel for kommunale helse- og omsorgstjenester
(FOR-2011-12-16-1349). Amounts are kroner as Decimal, rounded to øre (half up) only where
a line's amount is produced. Choices where the forskrift's detail is open (§7 marks it (?))
are conservative, i.e. they never charge more than the plain rule, and are named here:

* Døgn are counted half-open like the stays themselves: arrival day counts, departure day
  does not ([fra, til)).
* Leave and hospital days (permisjon, sykehus) are not charged: korttid, dag/natt and
  vederlag are charged for present døgn only. Vederlag for part of a month is the monthly
  vederlag (yearly / 12) × present døgn / døgn in the month.
* The 60-døgn rule: korttid døgn charged earlier in the calendar year are counted; from the
  61st charged døgn the stay is charged as vederlag per døgn (monthly vederlag / døgn in the
  month), each døgn capped at kurdøgnpris.
* Vederlag is capped at actual cost: kurdøgnpris × charged døgn.
* Subscriptions (trygghetsalarm, matombringing) are monthly, pro rata by active days for a
  month they start or end in.
* Praktisk bistand: income exactly at a band limit belongs to the band above (the
  forskrift's < 2G cap is for income *under* 2G). Without a known income the < 2G cap is
  used (never more than the lowest cap) and the line says so.
* Vederlag without a known income is not calculated (an avvik on the run, not a charge).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ORE = Decimal("0.01")
NULL = Decimal(0)
STATLIG_GRENSE_G = Decimal(2)
KORTTID_MAKS_DOGN = 60

# Services free by law (§7.1), never invoiced whatever their source says.
GRATIS_TJENESTER = frozenset(
    {
        "helsetjenester_i_hjemmet",
        "personlig_stell",
        "avlastning",
        "omsorgsstonad",
    }
)


def kroner(value: Decimal) -> Decimal:
    return value.quantize(ORE, rounding=ROUND_HALF_UP)


def dager_i_maaned(maned: dt.date) -> int:
    return calendar.monthrange(maned.year, maned.month)[1]


def maaned_slutt(maned: dt.date) -> dt.date:
    return maned.replace(day=dager_i_maaned(maned))


def dager_i_periode(fra: dt.date, til: dt.date | None, start: dt.date, slutt: dt.date) -> int:
    """Døgn of the half-open [fra, til) (til None = open) inside the inclusive [start, slutt]."""
    end = min(til or dt.date.max, slutt + dt.timedelta(days=1))
    return max(0, (end - max(fra, start)).days)


# --- praktisk bistand ----------------------------------------------------------------------


@dataclass(frozen=True)
class Trinn:
    """A band from `fra_g` × G (inclusive); `tak` None = no cap beyond hours × timepris."""

    fra_g: Decimal
    tak: Decimal | None


@dataclass(frozen=True)
class PraktiskBistand:
    belop: Decimal
    timer: Decimal
    timepris: Decimal
    tak: Decimal | None
    trinn: str  # "<2G", "2-3G", ">=5G" or "ukjent inntekt"


def trinn_for(inntekt: Decimal | None, g: Decimal, trinn: Sequence[Trinn]) -> tuple[str, int]:
    """The band label and index (-1 = under 2G) for an income; None income → under 2G."""
    if inntekt is None:
        return "ukjent inntekt", -1
    ordered = sorted(trinn, key=lambda t: t.fra_g)
    if not ordered or inntekt < ordered[0].fra_g * g or inntekt < STATLIG_GRENSE_G * g:
        return "<2G", -1
    index = 0
    for i, band in enumerate(ordered):
        if inntekt >= band.fra_g * g:
            index = i
    low = ordered[index].fra_g
    if index + 1 < len(ordered):
        return f"{_g(low)}-{_g(ordered[index + 1].fra_g)}G", index
    return f">={_g(low)}G", index


def _g(value: Decimal) -> str:
    return f"{value.normalize():f}"


def praktisk_bistand(
    *,
    timer: Decimal,
    timepris: Decimal,
    inntekt: Decimal | None,
    g: Decimal,
    tak_under_2g: Decimal,
    trinn: Sequence[Trinn],
) -> PraktiskBistand:
    """min(hours × timepris, cap[band(income / G)]) for one month."""
    label, index = trinn_for(inntekt, g, trinn)
    tak = tak_under_2g if index < 0 else sorted(trinn, key=lambda t: t.fra_g)[index].tak
    raw = timer * timepris
    belop = raw if tak is None else min(raw, tak)
    return PraktiskBistand(
        belop=kroner(max(NULL, belop)), timer=timer, timepris=timepris, tak=tak, trinn=label
    )


# --- subscriptions -------------------------------------------------------------------------


def abonnement(*, pris_per_maned: Decimal, aktive_dager: int, maned: dt.date) -> Decimal:
    """A monthly subscription, pro rata by active days in a part month."""
    total = dager_i_maaned(maned)
    dager = max(0, min(aktive_dager, total))
    return kroner(pris_per_maned * dager / total)


# --- vederlag (langtidsopphold) ------------------------------------------------------------


def vederlag_aar(*, inntekt: Decimal, g: Decimal, fribelop: Decimal) -> Decimal:
    """0.75 × max(0, min(income, G) − fribeløp) + 0.85 × max(0, income − G), per year."""
    inntekt = max(NULL, inntekt)
    lav = max(NULL, min(inntekt, g) - fribelop)
    hoy = max(NULL, inntekt - g)
    return Decimal("0.75") * lav + Decimal("0.85") * hoy


def beholder_aar(*, inntekt: Decimal, g: Decimal, fribelop: Decimal) -> Decimal:
    """What the resident keeps of a year's income (income − vederlag)."""
    return inntekt - vederlag_aar(inntekt=inntekt, g=g, fribelop=fribelop)


@dataclass(frozen=True)
class Vederlag:
    belop: Decimal
    dogn: int  # charged (present) døgn
    per_dogn: Decimal  # unrounded price per døgn actually used
    vederlag_maned: Decimal  # the full month's vederlag before cap and pro rata
    begrenset_til_kostnad: bool


def vederlag_for_doegn(
    *,
    inntekt: Decimal,
    g: Decimal,
    fribelop: Decimal,
    kurdognpris: Decimal,
    dogn: int,
    maned: dt.date,
) -> Vederlag:
    """Vederlag for `dogn` present døgn in `maned`: (yearly / 12) × døgn / døgn in month,
    at most kurdøgnpris × døgn (the institution's actual cost)."""
    maned_belop = vederlag_aar(inntekt=inntekt, g=g, fribelop=fribelop) / 12
    per_dogn = maned_belop / dager_i_maaned(maned)
    capped = per_dogn > kurdognpris
    used = kurdognpris if capped else per_dogn
    return Vederlag(
        belop=kroner(used * max(0, dogn)),
        dogn=max(0, dogn),
        per_dogn=used,
        vederlag_maned=kroner(maned_belop),
        begrenset_til_kostnad=capped,
    )


# --- korttid with the 60-døgn rule ---------------------------------------------------------


@dataclass(frozen=True)
class Korttidsdeling:
    korttid_dogn: int  # charged at the korttid rate
    vederlag_dogn: int  # beyond the 60th døgn of the year: charged as vederlag


def korttid_deling(*, dogn: int, tidligere_i_aar: int) -> Korttidsdeling:
    """Split this month's charged korttid døgn at the 60th of the calendar year."""
    igjen = max(0, KORTTID_MAKS_DOGN - max(0, tidligere_i_aar))
    korttid = min(max(0, dogn), igjen)
    return Korttidsdeling(korttid_dogn=korttid, vederlag_dogn=max(0, dogn) - korttid)


def per_dogn(*, sats: Decimal, dogn: int) -> Decimal:
    return kroner(sats * max(0, dogn))
