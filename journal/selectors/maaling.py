"""Reads of vital signs: the patient's list (audited) and the points of the trend charts."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError
from core.models import Action, Ansatt
from journal.access import (
    Tilgangsgrunnlag,
    access_basis,
    actor_can,
    actor_require,
    pasient_access,
)
from journal.lib.news2 import (
    News2Verdier,
    news2_exception_message,
    news2_missing,
    news2_missing_message,
    news2_tiltak,
)
from journal.models import Maaling, Pasient
from journal.selectors.pasient import Pasientvisning, pasient_get

TRENDFELT = (
    "systolisk",
    "diastolisk",
    "puls",
    "respirasjon",
    "spo2",
    "temperatur",
    "vekt",
    "blodsukker",
    "news2",
)
# A chart of a year of hourly observations is still readable; more is cut (oldest first).
MAX_TRENDPUNKTER = 10_000

Punkt = tuple[dt.datetime, Decimal]


@dataclass(frozen=True)
class Maalingsrad:
    """One measurement as listed, with what its NEWS2 means."""

    maling: Maaling

    @property
    def feilregistrert(self) -> bool:
        return self.maling.feilregistrert_at is not None

    @property
    def news2_tiltak(self) -> str:
        return news2_tiltak(self.maling.news2_niva)

    @property
    def news2_melding(self) -> str:
        """Why there is no NEWS2 ("NEWS2 kan ikke beregnes: mangler …"), or ""."""
        if self.maling.news2 is not None:
            return ""
        if self.maling.news2_unntak:
            return news2_exception_message(self.maling.news2_unntak)
        return news2_missing_message(maaling_news2_missing(self.maling))


def maaling_news2_missing(maling: Maaling) -> tuple[str, ...]:
    return news2_missing(
        News2Verdier(
            respirasjon=maling.respirasjon,
            spo2=maling.spo2,
            spo2_skala=maling.spo2_skala,
            oksygen=maling.oksygen,
            systolisk=maling.systolisk,
            puls=maling.puls,
            bevissthet=maling.bevissthet,
            temperatur=maling.temperatur,
        )
    )


@dataclass(frozen=True)
class Maalingsoversikt:
    """The patient's measurements in a period as one person may see them now."""

    pasient: Pasient
    tilgang: Tilgangsgrunnlag
    side: Side[Maaling]
    fra: dt.date | None
    til: dt.date | None
    siste: Maalingsrad | None
    kan_registrere: bool
    # field → (time, value) in time order; measurements entered in error are left out
    trender: dict[str, list[Punkt]] = field(default_factory=dict)

    @property
    def rader(self) -> list[Maalingsrad]:
        return [Maalingsrad(m) for m in self.side.items]

    @property
    def start(self) -> dt.datetime | None:
        """The period's first moment (local midnight of `fra`)."""
        return _midnight(self.fra) if self.fra else None

    @property
    def slutt(self) -> dt.datetime | None:
        """The moment after the period (local midnight after `til`)."""
        return _midnight(self.til + dt.timedelta(days=1)) if self.til else None


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _maalinger_qs(pasient: Pasient) -> QuerySet[Maaling]:
    return Maaling.objects.filter(pasient=pasient).select_related(
        "registrert_av", "feilregistrert_av", "enhet"
    )


def _in_period(
    queryset: QuerySet[Maaling], fra: dt.date | None, til: dt.date | None
) -> QuerySet[Maaling]:
    if fra is not None:
        queryset = queryset.filter(tidspunkt__gte=_midnight(fra))
    if til is not None:
        queryset = queryset.filter(tidspunkt__lt=_midnight(til + dt.timedelta(days=1)))
    return queryset


def _trender(pasient: Pasient, fra: dt.date | None, til: dt.date | None) -> dict[str, list[Punkt]]:
    rows = list(
        _in_period(
            Maaling.objects.filter(pasient=pasient, feilregistrert_at__isnull=True), fra, til
        )
        .order_by("-tidspunkt", "-id")
        .values_list("tidspunkt", *TRENDFELT)[:MAX_TRENDPUNKTER]
    )
    rows.reverse()
    return trend_series(rows)


def trend_series(rows: Sequence[Sequence[Any]]) -> dict[str, list[Punkt]]:
    """The trend charts' series from rows of (tidspunkt, *TRENDFELT) in time order."""
    serier: dict[str, list[Punkt]] = {name: [] for name in TRENDFELT}
    for tidspunkt, *values in rows:
        for name, value in zip(TRENDFELT, values, strict=True):
            if value is not None:
                serier[name].append((tidspunkt, Decimal(value)))
    return serier


def maalinger_for_pasient(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    fra: dt.date | None = None,
    til: dt.date | None = None,
    side: int = 1,
    storrelse: int = 25,
    trender: bool = False,
) -> Maalingsoversikt:
    """The patient's measurements from `fra` to `til` (local dates, both included), newest first.

    Measurements entered in error are listed (to be shown struck through) but left out of
    the trends and of `siste`. NotFound for missing and not allowed alike; audited as
    MALING_READ with the basis of the access.
    """
    if fra is not None and til is not None and fra > til:
        raise ApplicationError(_("Fra-datoen må være før til-datoen."))
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
    # Access is decided before the transaction, so nothing in it raises NotFound; the read
    # has nothing to undo, and inside the overview's transaction a savepoint would only
    # add two statements.
    with transaction.atomic(savepoint=False):
        basis = access_basis(actor, pasient.pk)
        page = side_fetch(
            _in_period(_maalinger_qs(pasient), fra, til).order_by("-tidspunkt", "-id"),
            nummer=side,
            storrelse=storrelse,
        )
        audit_log(
            actor=actor,
            event=AuditEvent.MALING_READ,
            target=pasient,
            pasient_id=pasient.pk,
            grunnlag=basis.kode,
            begrunnelse=basis.begrunnelse,
            extra={
                "fra": fra.isoformat() if fra else None,
                "til": til.isoformat() if til else None,
                "side": side,
                "antall": len(page.items),
            },
        )
    # The newest valid one found on maling_pasient_tid first, then joined by primary key: with
    # the joins in the same ORDER BY ... LIMIT 1 the planner may start from the unit's or the
    # staff member's rows instead (15-25 ms with 100,000 measurements, against 0.1 ms).
    siste_pk = (
        Maaling.objects.filter(pasient=pasient, feilregistrert_at__isnull=True)
        .order_by("-tidspunkt", "-id")
        .values("pk")[:1]
    )
    siste = next(iter(_maalinger_qs(pasient).filter(pk=Subquery(siste_pk))), None)
    return Maalingsoversikt(
        pasient=pasient,
        tilgang=basis,
        side=page,
        fra=fra,
        til=til,
        siste=Maalingsrad(siste) if siste else None,
        kan_registrere=actor_can(actor, Action.WRITE_NOTE),
        trender=_trender(pasient, fra, til) if trender else {},
    )


@dataclass(frozen=True)
class Maalingsside:
    """The vitals page: the patient as on every patient page (banner) and the measurements."""

    visning: Pasientvisning
    oversikt: Maalingsoversikt


def maalingsside_get(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    fra: dt.date,
    til: dt.date,
    side: int = 1,
) -> Maalingsside:
    """Everything the vitals page shows. The banner comes from pasient_get, so it carries
    what every patient page must show (critical information); both reads are audited."""
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    oversikt = maalinger_for_pasient(
        actor=actor, pasient_id=visning.pasient.pk, fra=fra, til=til, side=side, trender=True
    )
    return Maalingsside(visning=visning, oversikt=oversikt)


def maaling_pasient_get(*, actor: Ansatt, pasient_id: uuid.UUID | str) -> Pasientvisning:
    """The patient for the registration form: the right to register first (403), then the
    patient as for reading (404 for missing and not allowed; audited as a patient read)."""
    actor_require(actor, Action.WRITE_NOTE)
    return pasient_get(actor=actor, pasient_id=pasient_id)
