"""Where the invoice run gets what was used (grunnlagskilder): a small registry of sources.

Registered: nursing-home stays (tjenester.sykehjem) and granted services (journal.Tjeneste).
A source answers two questions for a kommune and a period: which patients it has
something for (a query of patient ids, so the run can stream them), and, for one batch of
patients, what each used (Forbruk rows). The run asks every registered source, so a new
service type (journal.Tjeneste once allocation lands, delivered home-care hours) plugs in
with `kilde_register` without touching the run.

Sources read as the system (actor=None, only allowed in a system context) through
journal.access.restrict_scoped, like every other read of patient data.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import Q, QuerySet

from core.models import Action
from integrasjoner.faktura.lib.beregning import dager_i_periode
from integrasjoner.faktura.models import Tjenestekode
from journal.access import restrict_scoped
from journal.models import Tjeneste
from tjenester.sykehjem.models import Avslutningsaarsak, Opphold, OppholdStatus, Oppholdstype
from tjenester.sykehjem.selectors import fravaer_per_pasient


@dataclass(frozen=True)
class Forbruk:
    """What one patient used of one service in one month (from one source row).

    `dogn`: døgn in the month (stays) or active days (subscriptions); `fravar_dogn` of
    them were leave or hospital; `timer`: hours (praktisk bistand); for korttid,
    `korttid_tidligere` is the patient's korttid døgn charged earlier in the year.
    """

    pasient_id: uuid.UUID
    tjeneste: str  # a Tjenestekode, or a free service (never invoiced)
    kilde_id: str
    fra: dt.date
    til: dt.date  # inclusive, inside the month
    dogn: int = 0
    fravar_dogn: int = 0
    permisjonsdogn: int = 0
    sykehusdogn: int = 0
    timer: Decimal = Decimal(0)
    korttid_tidligere: int = 0


@dataclass(frozen=True)
class Periode:
    """One month of a run: [fra, til] inclusive."""

    fra: dt.date
    til: dt.date


class Grunnlagskilde(Protocol):
    navn: str

    def pasienter(self, *, kommune_id: uuid.UUID, perioder: Sequence[Periode]) -> QuerySet[Any]:
        """A values_list("pasient_id") query of the patients with something in the periods."""
        ...

    def prepare(self, *, perioder: Sequence[Periode]) -> Any:
        """Once per run, before the batches (e.g. the absences of the periods); the result
        is passed back to `forbruk` as `tilstand`."""
        ...

    def forbruk(
        self,
        *,
        kommune_id: uuid.UUID,
        pasient_ids: Sequence[uuid.UUID],
        periode: Periode,
        tilstand: Any,
    ) -> Iterable[Forbruk]:
        """What the batch's patients used in the period (a constant number of queries)."""
        ...


_kilder: dict[str, Grunnlagskilde] = {}


def kilde_register(kilde: Grunnlagskilde) -> None:
    """Add (or replace, by name) a source the invoice run asks."""
    _kilder[kilde.navn] = kilde


def kilde_unregister(navn: str) -> None:
    _kilder.pop(navn, None)


def kilder() -> list[Grunnlagskilde]:
    return [_kilder[navn] for navn in sorted(_kilder)]


# --- nursing-home stays (tjenester.sykehjem) -----------------------------------------------

OPPHOLD_TJENESTE: Mapping[str, str] = {
    Oppholdstype.KORTTID: Tjenestekode.KORTTID,
    Oppholdstype.LANGTID: Tjenestekode.LANGTID,
    Oppholdstype.DAG: Tjenestekode.DAG_NATT,
    Oppholdstype.NATT: Tjenestekode.DAG_NATT,
    Oppholdstype.AVLASTNING: "avlastning",  # free by law
}
FAKTURERBARE_OPPHOLD = [
    Oppholdstype.KORTTID,
    Oppholdstype.LANGTID,
    Oppholdstype.DAG,
    Oppholdstype.NATT,
]


@dataclass(frozen=True)
class Fravaerstilstand:
    i_perioden: dict[dt.date, dict[uuid.UUID, tuple[int, int]]]
    for_perioden: dict[dt.date, dict[uuid.UUID, tuple[int, int]]]


def _fravaer(fra: dt.date, til: dt.date) -> dict[uuid.UUID, tuple[int, int]]:
    """Leave and hospital døgn per stay in [fra, til] (memory: one entry per absent stay)."""
    if til < fra:
        return {}
    return {
        r.opphold_id: (r.permisjonsdager, r.sykehusdager)
        for r in fravaer_per_pasient(fra=fra, til=til, actor=None)
    }


class OppholdKilde:
    """Stays in the kommune's nursing homes: korttid, langtid, dag and natt (avlastning is
    free and not asked for). Reserved and annulled stays are never charged."""

    navn = "sykehjem.opphold"

    def _stays(self, kommune_id: uuid.UUID) -> QuerySet[Opphold]:
        qs = (
            Opphold.objects.filter(
                enhet__virksomhet__kommune_id=kommune_id,
                status__in=[OppholdStatus.AKTIV, OppholdStatus.AVSLUTTET],
            )
            .exclude(avslutningsarsak=Avslutningsaarsak.ANNULLERT)
            .order_by()
        )
        return restrict_scoped(qs, None, action=Action.VIEW)

    def pasienter(self, *, kommune_id: uuid.UUID, perioder: Sequence[Periode]) -> QuerySet[Any]:
        covering = Q()
        for p in perioder:
            covering |= Q(fra__lte=p.til) & (Q(til__isnull=True) | Q(til__gt=p.fra))
        return (
            self._stays(kommune_id)
            .filter(covering, type__in=FAKTURERBARE_OPPHOLD)
            .values_list("pasient_id", flat=True)
        )

    def prepare(self, *, perioder: Sequence[Periode]) -> Fravaerstilstand:
        """Absence døgn per stay: in each period, and from 1 January up to it."""
        return Fravaerstilstand(
            i_perioden={p.fra: _fravaer(p.fra, p.til) for p in perioder},
            for_perioden={
                p.fra: _fravaer(p.fra.replace(month=1, day=1), p.fra - dt.timedelta(days=1))
                for p in perioder
            },
        )

    def forbruk(
        self,
        *,
        kommune_id: uuid.UUID,
        pasient_ids: Sequence[uuid.UUID],
        periode: Periode,
        tilstand: Any,
    ) -> Iterable[Forbruk]:
        jan1 = periode.fra.replace(month=1, day=1)
        rows = (
            self._stays(kommune_id)
            .filter(pasient_id__in=pasient_ids, type__in=FAKTURERBARE_OPPHOLD, fra__lte=periode.til)
            .filter(Q(til__isnull=True) | Q(til__gt=jan1))
            .values_list("id", "pasient_id", "type", "fra", "til")
            .order_by("pasient_id", "fra", "id")
        )
        fravar = tilstand.i_perioden.get(periode.fra, {})
        fravar_for = tilstand.for_perioden.get(periode.fra, {})
        tidligere: dict[uuid.UUID, int] = defaultdict(int)
        denne: list[tuple[uuid.UUID, uuid.UUID, str, dt.date, dt.date | None]] = []
        for opphold_id, pasient_id, type_, fra, til in rows:
            if type_ == Oppholdstype.KORTTID and fra < periode.fra:
                before = dager_i_periode(fra, til, jan1, periode.fra - dt.timedelta(days=1))
                tidligere[pasient_id] += max(0, before - sum(fravar_for.get(opphold_id, (0, 0))))
            if dager_i_periode(fra, til, periode.fra, periode.til):
                denne.append((opphold_id, pasient_id, type_, fra, til))
        for opphold_id, pasient_id, type_, fra, til in denne:
            permisjon, sykehus = fravar.get(opphold_id, (0, 0))
            dogn = dager_i_periode(fra, til, periode.fra, periode.til)
            yield Forbruk(
                pasient_id=pasient_id,
                tjeneste=OPPHOLD_TJENESTE[type_],
                kilde_id=str(opphold_id),
                fra=max(fra, periode.fra),
                til=min(til - dt.timedelta(days=1), periode.til) if til else periode.til,
                dogn=dogn,
                fravar_dogn=min(dogn, permisjon + sykehus),
                permisjonsdogn=permisjon,
                sykehusdogn=sykehus,
                korttid_tidligere=tidligere[pasient_id],
            )


# --- granted services (journal.Tjeneste, from allocation decisions) -----------------------

# IPLOS 9151 codes that are charged (others, e.g. 15 helsetjenester i hjemmet, are free by
# law or charged elsewhere, and are not asked for). BPA (3) is left out: it mixes praktisk
# bistand with free personal care, and the split is not recorded.
TJENESTE_KODER: Mapping[str, str] = {
    "1": Tjenestekode.PRAKTISK_BISTAND,
    "2": Tjenestekode.PRAKTISK_BISTAND,
    "5": Tjenestekode.MATOMBRINGING,
    "6": Tjenestekode.TRYGGHETSALARM,
}
UKE = Decimal(7)


class TjenesteKilde:
    """Services granted by decision (journal.Tjeneste) and given by a unit of the kommune:
    trygghetsalarm and matombringing as subscriptions (active days), praktisk bistand by the
    granted extent (omfang hours per week × active days / 7) until delivered home-care hours
    are available. The service's dates are inclusive (til og med)."""

    navn = "journal.tjeneste"

    def _services(self, kommune_id: uuid.UUID) -> QuerySet[Tjeneste]:
        qs = Tjeneste.objects.filter(
            enhet__virksomhet__kommune_id=kommune_id, tjenestetype_kode__in=list(TJENESTE_KODER)
        ).order_by()
        return restrict_scoped(qs, None, action=Action.VIEW)

    def pasienter(self, *, kommune_id: uuid.UUID, perioder: Sequence[Periode]) -> QuerySet[Any]:
        covering = Q()
        for p in perioder:
            covering |= Q(fra_dato__lte=p.til) & (Q(til_dato__isnull=True) | Q(til_dato__gte=p.fra))
        return self._services(kommune_id).filter(covering).values_list("pasient_id", flat=True)

    def prepare(self, *, perioder: Sequence[Periode]) -> None:
        return None

    def forbruk(
        self,
        *,
        kommune_id: uuid.UUID,
        pasient_ids: Sequence[uuid.UUID],
        periode: Periode,
        tilstand: Any,
    ) -> Iterable[Forbruk]:
        rows = (
            self._services(kommune_id)
            .filter(pasient_id__in=pasient_ids, fra_dato__lte=periode.til)
            .filter(Q(til_dato__isnull=True) | Q(til_dato__gte=periode.fra))
            .values_list("id", "pasient_id", "tjenestetype_kode", "omfang", "fra_dato", "til_dato")
            .order_by("pasient_id", "fra_dato", "id")
        )
        for tjeneste_id, pasient_id, kode, omfang, fra, til in rows:
            start = max(fra, periode.fra)
            slutt = min(til or periode.til, periode.til)
            aktive = (slutt - start).days + 1
            if aktive <= 0:
                continue
            tjeneste = TJENESTE_KODER[kode]
            timer = Decimal(0)
            if tjeneste == Tjenestekode.PRAKTISK_BISTAND:
                timer = ((omfang or Decimal(0)) * aktive / UKE).quantize(Decimal("0.01"))
            yield Forbruk(
                pasient_id=pasient_id,
                tjeneste=tjeneste,
                kilde_id=str(tjeneste_id),
                fra=start,
                til=slutt,
                dogn=aktive,
                timer=timer,
            )


kilde_register(OppholdKilde())
kilde_register(TjenesteKilde())
