"""Fee rules of the normal tariff (normaltariffen), pure: no database, no clock.

- a code is valid on a date when gyldig_fra <= date <= gyldig_til (open end = still valid);
- codes exclude each other ("ugyldig takstkombinasjon"), in either direction;
- a code may need one of a set of main codes on the same contact (2cd needs 2ad …);
- a code may need time spent: at least `krever_tid_min` minutes, and then it repeats
  once per started `per_paabegynt_min` beyond it (2cd: over 20 minutes, per started 15);
- the patient's share (egenandel) of a contact is the sum of the lines' shares, and 0 with
  an exemption: a child under 16 on the day, a frikort, or another exemption reason.

The services load the tariff rows into `Takstregel` and call these functions; the Norwegian
messages are safe to show.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

# Exemptions from the patient's share besides age (folketrygdloven § 5-4 and the tariff's
# general provisions name these groups). The code is stored on the consultation.
FRITAK_UNDER_16 = "under16"
FRITAK_FRIKORT = "frikort"
FRITAK_KODER: dict[str, str] = {
    FRITAK_UNDER_16: "Barn under 16 år",
    FRITAK_FRIKORT: "Frikort (egenandelstak nådd)",
    "svangerskap": "Svangerskap (svangerskapskontroll)",
    "yrkesskade": "Godkjent yrkesskade",
    "smittevern": "Allmennfarlig smittsom sykdom",
    "krigspensjon": "Krigspensjonist",
}
BARN_ALDER = 16


@dataclass(frozen=True)
class Takstregel:
    """One fee code as the rules see it."""

    kode: str
    honorar: Decimal | None
    refusjon: Decimal | None
    egenandel: Decimal | None
    gyldig_fra: dt.date
    gyldig_til: dt.date | None = None
    utelukker: tuple[str, ...] = ()
    krever: tuple[str, ...] = ()
    krever_tid_min: int | None = None
    per_paabegynt_min: int | None = None
    verifisert: bool = False


@dataclass(frozen=True)
class Linje:
    regel: Takstregel
    antall: int = 1


@dataclass
class Beregning:
    """The amounts of a contact. `ukjent` lists codes whose amounts are not known."""

    honorar: Decimal = Decimal(0)
    refusjon: Decimal = Decimal(0)
    egenandel: Decimal = Decimal(0)
    fritak: str = ""
    ukjent: list[str] = field(default_factory=list)
    uverifisert: list[str] = field(default_factory=list)


def gyldig(regel: Takstregel, dato: dt.date) -> bool:
    return regel.gyldig_fra <= dato and (regel.gyldig_til is None or dato <= regel.gyldig_til)


def gjeldende(regler: Iterable[Takstregel], kode: str, dato: dt.date) -> Takstregel | None:
    """The version of `kode` valid on `dato` (the latest start wins), or None."""
    kandidater = [r for r in regler if r.kode == kode and gyldig(r, dato)]
    return max(kandidater, key=lambda r: r.gyldig_fra, default=None)


def alder(fodselsdato: dt.date, dato: dt.date) -> int:
    years = dato.year - fodselsdato.year
    if (dato.month, dato.day) < (fodselsdato.month, fodselsdato.day):
        years -= 1
    return years


def antall_for_tid(regel: Takstregel, tidsbruk_min: int | None) -> int:
    """How many times a time-based code applies; 0 when the time is not enough."""
    if regel.krever_tid_min is None:
        return 1
    if tidsbruk_min is None or tidsbruk_min <= regel.krever_tid_min:
        return 0
    if not regel.per_paabegynt_min:
        return 1
    return math.ceil((tidsbruk_min - regel.krever_tid_min) / regel.per_paabegynt_min)


def kombinasjon_feil(ny: Takstregel, eksisterende: Sequence[Takstregel]) -> str | None:
    """Why `ny` cannot join the codes already on the contact, or None."""
    for annen in eksisterende:
        if annen.kode == ny.kode:
            return _("Takst %(kode)s er allerede registrert.") % {"kode": ny.kode}
        if annen.kode in ny.utelukker or ny.kode in annen.utelukker:
            return _("Takst %(ny)s kan ikke kombineres med %(annen)s.") % {
                "ny": ny.kode,
                "annen": annen.kode,
            }
    return None


def krever_feil(koder: Sequence[Takstregel]) -> list[str]:
    """Codes that need a main code that is missing."""
    til_stede = {r.kode for r in koder}
    feil = []
    for regel in koder:
        if regel.krever and not til_stede & set(regel.krever):
            feil.append(
                _("Takst %(kode)s krever en av %(krever)s.")
                % {"kode": regel.kode, "krever": ", ".join(regel.krever)}
            )
    return feil


def tid_feil(regel: Takstregel, tidsbruk_min: int | None) -> str | None:
    if regel.krever_tid_min is None:
        return None
    if antall_for_tid(regel, tidsbruk_min) == 0:
        return _("Takst %(kode)s krever tidsbruk over %(min)d minutter.") % {
            "kode": regel.kode,
            "min": regel.krever_tid_min,
        }
    return None


def fritak_for(
    *, fodselsdato: dt.date, dato: dt.date, frikort: bool = False, fritak: str = ""
) -> str:
    """The exemption that applies to a contact on `dato` ('' = the patient pays)."""
    if alder(fodselsdato, dato) < BARN_ALDER:
        return FRITAK_UNDER_16
    if frikort:
        return FRITAK_FRIKORT
    if fritak and fritak not in FRITAK_KODER:
        raise ValueError(fritak)
    return fritak


def beregn(linjer: Sequence[Linje], *, fritak: str = "") -> Beregning:
    """The contact's fee, refund and patient's share. With an exemption the patient pays 0
    and the refund covers the whole fee (HELFO refunds the share the patient did not pay)."""
    result = Beregning(fritak=fritak)
    for linje in linjer:
        regel = linje.regel
        if not regel.verifisert:
            result.uverifisert.append(regel.kode)
        if regel.honorar is None or regel.egenandel is None or regel.refusjon is None:
            result.ukjent.append(regel.kode)
            continue
        result.honorar += regel.honorar * linje.antall
        result.refusjon += regel.refusjon * linje.antall
        result.egenandel += regel.egenandel * linje.antall
    if fritak:
        result.refusjon += result.egenandel
        result.egenandel = Decimal(0)
    return result


def linje_beloep(
    linje: Linje, *, fritak: str
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(honorar, refusjon, egenandel) of one line under the contact's exemption."""
    regel = linje.regel
    if regel.honorar is None or regel.egenandel is None or regel.refusjon is None:
        return regel.honorar, regel.refusjon, regel.egenandel
    n = linje.antall
    if fritak:
        return regel.honorar * n, (regel.refusjon + regel.egenandel) * n, Decimal(0)
    return regel.honorar * n, regel.refusjon * n, regel.egenandel * n
