"""Reads for nursing homes: wards and beds, the occupancy board, stays, the waiting list,
and absence days for the fee (fravar_per_pasient).

Bed counts are not patient data and are shown for every ward of the municipality; who
lies in a bed is shown only where journal.access allows it, and every such row is audited.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.exceptions import ApplicationError
from core.klokke import idag
from core.models import Action, Ansatt
from journal.access import access_scoped, actor_can, restrict_scoped
from journal.models import Tjeneste, TjenesteStatus
from tjenester.sykehjem.models import (
    OPPHOLD_TJENESTEKODER,
    Fravaer,
    Fravaerstype,
    Opphold,
    OppholdStatus,
    Oppholdstype,
    Seng,
    Sengeperiode,
)
from tjenester.sykehjem.selectors.avdeling import acting_ids, avdeling_get
from tjenester.sykehjem.selectors.seng import ledige_senger
from tjenester.sykehjem.selectors.venteliste import venteliste_list

# --- stays ------------------------------------------------------------------------------------


def _opphold_qs() -> QuerySet[Opphold]:
    return Opphold.objects.select_related("pasient", "enhet", "seng", "seng__rom")


def opphold_get(
    *, actor: Ansatt, opphold_id: uuid.UUID | str, action: Action = Action.VIEW
) -> Opphold:
    """One stay with its bed periods and absences; the same 404 for missing and not allowed.
    Audited as OPPHOLD_READ."""
    with transaction.atomic():
        opphold = access_scoped(
            actor,
            _opphold_qs().prefetch_related(
                "sengeperioder__seng__rom", "sengeperioder__enhet", "fravar"
            ),
            opphold_id,
            action=action,
        )
        audit_log(
            actor=actor,
            event=AuditEvent.OPPHOLD_READ,
            target=opphold,
            pasient_id=opphold.pasient_id,
        )
    return opphold


def opphold_list(
    *,
    actor: Ansatt,
    enhet_id: uuid.UUID | str | None = None,
    status: str | None = None,
    side: int = 1,
    storrelse: int = 50,
) -> Side[Opphold]:
    """Stays the person may see (newest first), optionally of one ward and status. Audited."""
    qs = restrict_scoped(_opphold_qs(), actor, action=Action.VIEW)
    if enhet_id:
        qs = qs.filter(enhet=avdeling_get(enhet_id=enhet_id))
    if status:
        if status not in OppholdStatus.values:
            raise ApplicationError(_("Ukjent status for opphold."))
        qs = qs.filter(status=status)
    with transaction.atomic():
        page = side_fetch(qs.order_by("-fra", "id"), nummer=side, storrelse=storrelse)
        audit_log_many(actor=actor, event=AuditEvent.OPPHOLD_LISTED, targets=page.items)
    return page


@dataclass(frozen=True)
class Oppholdsvisning:
    """A stay as its page shows it, with what the person may do with it."""

    opphold: Opphold
    perioder: list[Sengeperiode]
    fravar: list[Fravaer]
    kan_administrere: bool
    ledige_senger: list[Seng]

    @property
    def pagaende_fravar(self) -> Fravaer | None:
        return next((f for f in self.fravar if f.til is None), None)


def oppholdsvisning_get(*, actor: Ansatt, opphold_id: uuid.UUID | str) -> Oppholdsvisning:
    opphold = opphold_get(actor=actor, opphold_id=opphold_id)
    kan = (
        actor_can(actor, Action.MANAGE_STAYS)
        and opphold.status != OppholdStatus.AVSLUTTET
        and opphold.enhet_id == acting_ids()[0]
    )
    return Oppholdsvisning(
        opphold=opphold,
        perioder=list(opphold.sengeperioder.all()),
        fravar=list(opphold.fravar.all()),
        kan_administrere=kan,
        ledige_senger=ledige_senger(dato=idag()) if kan else [],
    )


# --- absence days for the fee -----------------------------------------------------------------


@dataclass(frozen=True)
class Fravaersdager:
    """A stay's absence days in a period (for the fee: vederlag is reduced for them)."""

    pasient_id: uuid.UUID
    opphold_id: uuid.UUID
    enhet_id: uuid.UUID
    permisjonsdager: int
    sykehusdager: int


def _days(fra: dt.date, til: dt.date | None, start: dt.date, slutt: dt.date) -> int:
    """Days of the half-open absence [fra, til) inside the inclusive period [start, slutt]."""
    end = min(til or dt.date.max, slutt + dt.timedelta(days=1))
    return max(0, (end - max(fra, start)).days)


def fravaer_per_pasient(
    *, fra: dt.date, til: dt.date, actor: Ansatt | None = None
) -> list[Fravaersdager]:
    """Absence days per stay in [fra, til] (both inclusive, e.g. one month).

    An absence runs from its first day up to (not including) its return day; an ongoing
    one counts to the end of the period. actor=None is the system (invoicing), allowed
    only in a system context; a person sees only the patients journal.access allows.
    """
    if til < fra:
        raise ApplicationError(_("Til-dato kan ikke være før fra-dato."))
    rows = restrict_scoped(
        Fravaer.objects.filter(fra__lte=til).filter(Q(til__isnull=True) | Q(til__gt=fra)),
        actor,
        action=Action.VIEW,
    ).values_list("pasient_id", "opphold_id", "opphold__enhet_id", "type", "fra", "til")
    sums: dict[tuple[uuid.UUID, uuid.UUID, uuid.UUID], dict[str, int]] = defaultdict(
        lambda: {Fravaerstype.PERMISJON: 0, Fravaerstype.SYKEHUS: 0}
    )
    for pasient_id, opphold_id, enhet_id, type_, start, slutt in rows:
        sums[(pasient_id, opphold_id, enhet_id)][type_] += _days(start, slutt, fra, til)
    return [
        Fravaersdager(
            pasient_id=p,
            opphold_id=o,
            enhet_id=e,
            permisjonsdager=d[Fravaerstype.PERMISJON],
            sykehusdager=d[Fravaerstype.SYKEHUS],
        )
        for (p, o, e), d in sorted(sums.items(), key=lambda item: str(item[0]))
    ]


# --- stays from decisions ---------------------------------------------------------------------


def _tjenester_uten_opphold(enhet_ids: set[uuid.UUID]) -> QuerySet[Tjeneste]:
    """Active stay-type services of the wards whose patient has no current or coming stay
    there (the decision is granted, the bed not yet given)."""
    opphold = Opphold.objects.filter(
        pasient_id=OuterRef("pasient_id"),
        enhet_id=OuterRef("enhet_id"),
        status__in=[OppholdStatus.RESERVERT, OppholdStatus.AKTIV],
    )
    return (
        Tjeneste.objects.filter(
            enhet_id__in=enhet_ids,
            status=TjenesteStatus.AKTIV,
            tjenestetype_kode__in=OPPHOLD_TJENESTEKODER,
        )
        .exclude(Exists(opphold))
        .select_related("pasient", "enhet")
        .order_by("fra_dato", "created_at", "id")
    )


def vedtak_uten_opphold(
    *, actor: Ansatt, enhet_ids: set[uuid.UUID], limit: int = 50
) -> list[Tjeneste]:
    """Services granted for a stay in the wards with no stay yet, oldest first (at most
    `limit`), for the patients the person may see. Audited per service."""
    with transaction.atomic():
        rows = list(
            restrict_scoped(_tjenester_uten_opphold(enhet_ids), actor, action=Action.VIEW)[:limit]
        )
        audit_log_many(actor=actor, event=AuditEvent.VEDTAK_UTEN_OPPHOLD_LISTED, targets=rows)
    return rows


def opphold_tjeneste_choices(*, actor: Ansatt, enhet_id: uuid.UUID) -> list[tuple[str, str]]:
    """The ward's services without a stay, for the admission form (audited)."""
    return [
        _tjeneste_choice(t)
        for t in vedtak_uten_opphold(actor=actor, enhet_ids={enhet_id}, limit=200)
    ]


def _tjeneste_choice(t: Tjeneste) -> tuple[str, str]:
    return (str(t.pk), f"{t.pasient.fullt_navn}: {t.navn} (fra {t.fra_dato:%d.%m.%Y})")


@dataclass(frozen=True)
class Innleggelsesvalg:
    """What the admission form offers and what it starts with."""

    venteliste: list[tuple[str, str]]
    tjenester: list[tuple[str, str]]
    initial: dict[str, str]


def opphold_valg_get(
    *,
    actor: Ansatt,
    enhet_id: uuid.UUID,
    venteliste_id: str = "",
    tjeneste_id: str = "",
    seng_id: str = "",
) -> Innleggelsesvalg:
    """The admission form's choices (waiting list, the ward's decisions without a stay) and
    its start values. From a waiting-list entry (a long-term place) the stay type is
    long-term and the patient's decision for a stay in the ward is chosen; from a decision,
    the stay type the service gives (OPPHOLD_TJENESTEKODER). Audited by the reads."""
    venteliste = venteliste_list(actor=actor, storrelse=100).items
    tjenester = vedtak_uten_opphold(actor=actor, enhet_ids={enhet_id}, limit=200)
    initial = {"seng": seng_id, "venteliste": "", "tjeneste": ""}
    valgt_tjeneste = next((t for t in tjenester if str(t.pk) == tjeneste_id), None)
    fra_liste = next((v for v in venteliste if str(v.pk) == venteliste_id), None)
    if fra_liste is not None:
        initial["venteliste"] = str(fra_liste.pk)
        initial["type"] = Oppholdstype.LANGTID
        egne = [t for t in tjenester if t.pasient_id == fra_liste.pasient_id]
        egne.sort(
            key=lambda t: OPPHOLD_TJENESTEKODER.get(t.tjenestetype_kode) != Oppholdstype.LANGTID
        )
        valgt_tjeneste = valgt_tjeneste or (egne[0] if egne else None)
    if valgt_tjeneste is not None:
        initial["tjeneste"] = str(valgt_tjeneste.pk)
        initial["type"] = OPPHOLD_TJENESTEKODER[valgt_tjeneste.tjenestetype_kode]
    return Innleggelsesvalg(
        venteliste=[
            (str(v.pk), f"{v.pasient.fullt_navn} ({v.get_prioritet_display()})") for v in venteliste
        ],
        tjenester=[_tjeneste_choice(t) for t in tjenester],
        initial=initial,
    )
