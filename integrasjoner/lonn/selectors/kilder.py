"""Hour sources for payroll: a registry of functions that give the hours worked in a date
range in some units, one row per item (a visit, a shift, a service for the range).

Built-in sources: home-care visits (hjemmetjeneste.selectors.utfort_tid), shifts
(core.Vakt: in a home-care district or on a nursing-home ward, told apart by the unit type),
and BPA / omsorgsstønad granted by decision (journal.models.Tjeneste). A new source is one
more `timekilde_register(Timekilde(...))`; periods pick it up without other changes.

Every source runs as the system (actor=None, inside system_context): the admin's right was
checked when the build was ordered.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from core.exceptions import NotFound
from core.models import Action, EnhetType, Vakt
from integrasjoner.lonn.models import Kilde
from journal.access import actor_can
from journal.models import Tjeneste
from tjenester.hjemmetjeneste.selectors import utfoert_tid

TO_DESIMALER = Decimal("0.01")
BPA_KODE = "3"
OMSORGSSTONAD_KODE = "11"
# Tjeneste.omfang_enhet holds the label ("timer per uke") or the key of tildeling's unit.
TIMER_PER_UKE = {"timer per uke", "timer_uke"}


@dataclass(frozen=True)
class TimeRad:
    """Hours from one item in one unit; `kilde_ref` is stable across rebuilds."""

    kilde: str
    kilde_ref: str
    enhet_id: uuid.UUID
    dato: dt.date
    timer: Decimal
    ansatt_id: uuid.UUID | None = None
    pasient_id: uuid.UUID | None = None
    tjeneste_id: uuid.UUID | None = None


# (fra, til, enhet ids of the unit types the source reads) -> rows
Henter = Callable[[dt.date, dt.date, list[uuid.UUID]], list[TimeRad]]


@dataclass(frozen=True)
class Timekilde:
    """A source of hours: which `Kilde`, for which unit types (empty: every unit of the
    municipality), and the function that reads it."""

    kilde: str
    enhetstyper: frozenset[str]
    hent: Henter


_kilder: dict[str, Timekilde] = {}


def timekilde_register(kilde: Timekilde) -> None:
    """Add (or replace) a source; call from an AppConfig.ready()."""
    _kilder[kilde.kilde] = kilde


def timekilder() -> list[Timekilde]:
    """The registered sources, in a fixed order."""
    return [_kilder[k] for k in sorted(_kilder)]


def timer_fra_minutter(minutter: int) -> Decimal:
    return (Decimal(minutter) / Decimal(60)).quantize(TO_DESIMALER, ROUND_HALF_UP)


def _hjemmebesoek(fra: dt.date, til: dt.date, enhet_ids: list[uuid.UUID]) -> list[TimeRad]:
    if not enhet_ids:
        return []
    return [
        TimeRad(
            kilde=Kilde.HJEMMEBESOK,
            kilde_ref=f"besok:{r.besok_id}",
            enhet_id=r.enhet_id,
            dato=r.dato,
            timer=timer_fra_minutter(r.minutter),
            ansatt_id=r.ansatt_id,
            pasient_id=r.pasient_id,
        )
        for r in utfoert_tid(fra=fra, til=til, enhet_ids=enhet_ids, actor=None)
    ]


def _vakter(enhetstype: str, kilde: str, ref: str) -> Henter:
    """Shifts (core.Vakt) starting in [fra, til] in the given units of one unit type, one
    row per shift (a night shift past midnight counts on the day it starts)."""

    def hent(fra: dt.date, til: dt.date, enhet_ids: list[uuid.UUID]) -> list[TimeRad]:
        if not enhet_ids:
            return []
        if not actor_can(None, Action.VIEW):  # the system only (inside system_context)
            raise NotFound
        vakter = Vakt.objects.filter(
            enhet_id__in=enhet_ids, enhet__type=enhetstype, dato__gte=fra, dato__lte=til
        ).order_by("dato", "ansatt_id", "fra_tid", "id")
        return [
            TimeRad(
                kilde=kilde,
                kilde_ref=f"{ref}:{v.pk}",
                enhet_id=v.enhet_id,
                dato=v.dato,
                timer=timer_fra_minutter(v.minutter),
                ansatt_id=v.ansatt_id,
            )
            for v in vakter
        ]

    return hent


def tjeneste_timer(
    *,
    omfang: Decimal,
    fra: dt.date,
    til: dt.date,
    tjeneste_fra: dt.date,
    tjeneste_til: dt.date | None,
) -> Decimal:
    """Granted hours per week × the weeks of the range the service covers (days / 7)."""
    start = max(fra, tjeneste_fra)
    slutt = min(til, tjeneste_til) if tjeneste_til else til
    dager = (slutt - start).days + 1
    if dager <= 0:
        return Decimal(0)
    return (omfang * Decimal(dager) / Decimal(7)).quantize(TO_DESIMALER, ROUND_HALF_UP)


def _vedtakstimer(kode: str, kilde: str) -> Henter:
    def hent(fra: dt.date, til: dt.date, enhet_ids: list[uuid.UUID]) -> list[TimeRad]:
        # Services that ended early are still paid for the days they ran; a cancelled
        # service is still counted for its days (its til_dato says when it stopped).
        tjenester = Tjeneste.objects.filter(
            tjenestetype_kode=kode,
            enhet_id__in=enhet_ids,
            fra_dato__lte=til,
            omfang__isnull=False,
        ).filter(Q(til_dato__isnull=True) | Q(til_dato__gte=fra))
        rows = []
        for t in tjenester.order_by("fra_dato", "id"):
            if t.omfang_enhet.strip().lower() not in TIMER_PER_UKE or t.omfang is None:
                continue
            timer = tjeneste_timer(
                omfang=t.omfang, fra=fra, til=til, tjeneste_fra=t.fra_dato, tjeneste_til=t.til_dato
            )
            if timer:
                rows.append(
                    TimeRad(
                        kilde=kilde,
                        kilde_ref=f"tjeneste:{t.pk}:{fra.isoformat()}",
                        enhet_id=t.enhet_id,
                        dato=fra,
                        timer=timer,
                        pasient_id=t.pasient_id,
                        tjeneste_id=t.pk,
                    )
                )
        return rows

    return hent


timekilde_register(
    Timekilde(Kilde.HJEMMEBESOK, frozenset({EnhetType.HJEMMETJENESTE_SONE}), _hjemmebesoek)
)
timekilde_register(
    Timekilde(
        Kilde.VAKT_HJEMMETJENESTE,
        frozenset({EnhetType.HJEMMETJENESTE_SONE}),
        _vakter(EnhetType.HJEMMETJENESTE_SONE, Kilde.VAKT_HJEMMETJENESTE, "vakt"),
    )
)
timekilde_register(
    Timekilde(
        Kilde.VAKT_SYKEHJEM,
        frozenset({EnhetType.SYKEHJEMSAVDELING}),
        _vakter(EnhetType.SYKEHJEMSAVDELING, Kilde.VAKT_SYKEHJEM, "vakt-sykehjem"),
    )
)
timekilde_register(Timekilde(Kilde.BPA, frozenset(), _vedtakstimer(BPA_KODE, Kilde.BPA)))
timekilde_register(
    Timekilde(
        Kilde.OMSORGSSTONAD, frozenset(), _vedtakstimer(OMSORGSSTONAD_KODE, Kilde.OMSORGSSTONAD)
    )
)
