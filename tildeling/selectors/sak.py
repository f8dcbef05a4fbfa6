"""Reads of applications and cases: the worklist (by deadline) and one case in full."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.exceptions import NotFound
from core.klokke import idag
from core.models import Action, Ansatt
from journal.access import access_unit_record, actor_can, actor_require, restrict_unit_records
from journal.models import Kartlegging
from journal.selectors import kartlegging_siste
from tildeling.models import Klage, Sak, SakDokument, SakNotat, SakStatus, Soeknad, Vedtak

APNE = (SakStatus.MOTTATT, SakStatus.UNDER_BEHANDLING, SakStatus.VEDTATT)


def frist_merke(frist: dt.date, status: str, dag: dt.date) -> str:
    """ "forfalt" past the deadline, "snart" within the warning days, else "" (closed and
    decided cases carry no mark)."""
    if status not in (SakStatus.MOTTATT, SakStatus.UNDER_BEHANDLING):
        return ""
    if frist < dag:
        return "forfalt"
    if frist <= dag + dt.timedelta(days=settings.TILDELING_FRIST_VARSEL_DAGER):
        return "snart"
    return ""


@dataclass(frozen=True)
class Sakrad:
    sak: Sak
    merke: str  # "forfalt" | "snart" | ""

    @property
    def dager_igjen(self) -> int:
        return (self.sak.frist - idag()).days


@dataclass(frozen=True)
class Arbeidsliste:
    """One page of the worklist (the page of cases, and each with its deadline mark)."""

    side: Side[Sak]
    items: list[Sakrad]

    @property
    def nummer(self) -> int:
        return self.side.nummer

    @property
    def har_neste(self) -> bool:
        return self.side.har_neste


def _saker(actor: Ansatt | None) -> QuerySet[Sak]:
    return restrict_unit_records(Sak.objects.all(), actor, action=Action.HANDLE_CASE)


def arbeidsliste(
    *,
    actor: Ansatt,
    mine: bool = False,
    status: str = "",
    side: int = 1,
    storrelse: int = 25,
) -> Arbeidsliste:
    """The office's cases by deadline (open ones unless a status is chosen). Each listed
    case is audited for its patient (SAK_LISTED)."""
    actor_require(actor, Action.HANDLE_CASE)
    rows = _saker(actor).select_related("pasient", "saksbehandler", "soknad")
    rows = rows.prefetch_related("soknad__tjenester__tjenestetype")
    rows = rows.filter(status=status) if status else rows.filter(status__in=APNE)
    if mine:
        rows = rows.filter(saksbehandler=actor)
    dag = idag()
    with transaction.atomic():
        page = side_fetch(
            rows.order_by("frist", "mottatt_dato", "id"), nummer=side, storrelse=storrelse
        )
        audit_log_many(actor=actor, event=AuditEvent.SAK_LISTED, targets=page.items)
    return Arbeidsliste(
        side=page, items=[Sakrad(s, frist_merke(s.frist, s.status, dag)) for s in page.items]
    )


@dataclass(frozen=True)
class Saksvisning:
    """One case as the office sees it, with what the person may do."""

    sak: Sak
    merke: str
    notater: list[SakNotat]
    dokumenter: list[SakDokument]
    vedtak: list[Vedtak]
    klager: list[Klage]
    kan_behandle: bool
    kan_fatte: bool
    siste_kartlegging: Kartlegging | None = None

    @property
    def ny_kartlegging(self) -> bool:
        """A newer IPLOS assessment than the one linked (or none linked)."""
        siste = self.siste_kartlegging
        return siste is not None and siste.pk != self.sak.kartlegging_id

    @property
    def soknad(self) -> Soeknad:
        return self.sak.soknad

    @property
    def uten_vedtak(self) -> list[object]:
        """Services applied for that have no decision (draft or decided) in the case."""
        have = {v.tjenestetype.kode for v in self.vedtak}
        return [t for t in self.sak.soknad.tjenester.all() if t.tjenestetype.kode not in have]


def sak_get(*, actor: Ansatt, sak_id: uuid.UUID | str) -> Saksvisning:
    """One case in full; NotFound for missing and not allowed alike. Audited (SAK_READ)."""
    actor_require(actor, Action.HANDLE_CASE)
    with transaction.atomic():
        sak = access_unit_record(
            actor,
            Sak.objects.select_related(
                "pasient", "saksbehandler", "soknad", "enhet", "kartlegging__skjema"
            ).prefetch_related("soknad__tjenester__tjenestetype"),
            sak_id,
            action=Action.HANDLE_CASE,
        )
        audit_log(actor=actor, event=AuditEvent.SAK_READ, target=sak, pasient_id=sak.pasient_id)
    return Saksvisning(
        sak=sak,
        merke=frist_merke(sak.frist, sak.status, idag()),
        notater=list(sak.notater.select_related("skrevet_av")),
        dokumenter=list(sak.dokumenter.defer("innhold").select_related("opprettet_av")),
        vedtak=list(
            sak.vedtak.select_related("tjenestetype", "utforende_enhet", "fattet_av").order_by(
                "-created_at"
            )
        ),
        klager=list(Klage.objects.filter(vedtak__sak=sak).select_related("vedtak__tjenestetype")),
        kan_behandle=True,
        kan_fatte=actor_can(actor, Action.DECIDE_VEDTAK),
        siste_kartlegging=_siste_kartlegging(actor, sak),
    )


def _siste_kartlegging(actor: Ansatt, sak: Sak) -> Kartlegging | None:
    """The patient's latest IPLOS assessment, when the office may read the record (while
    the case keeps its care relationship open); None otherwise."""
    try:
        return kartlegging_siste(actor=actor, pasient_id=sak.pasient_id, skjema_kode="iplos")
    except NotFound:
        return None


def soeknader_list(*, actor: Ansatt, side: int = 1, storrelse: int = 25) -> Side[Soeknad]:
    """The office's applications, newest first; each audited for its patient."""
    actor_require(actor, Action.HANDLE_CASE)
    rows = (
        restrict_unit_records(Soeknad.objects.all(), actor, action=Action.HANDLE_CASE)
        .select_related("pasient", "sak")
        .prefetch_related("tjenester__tjenestetype")
        .order_by("-mottatt_dato", "-created_at", "id")
    )
    with transaction.atomic():
        page = side_fetch(rows, nummer=side, storrelse=storrelse)
        audit_log_many(actor=actor, event=AuditEvent.SAK_LISTED, targets=page.items)
    return page
