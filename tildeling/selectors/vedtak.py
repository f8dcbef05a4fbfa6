"""Reads of decisions, and the choices the decision form offers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.klokke import idag
from core.models import Action, Ansatt, Enhet
from journal.access import access_unit_record, actor_can, actor_require, restrict_unit_records
from journal.models import Tjeneste
from tildeling.lib.frist import klagefrist_compute
from tildeling.models import Klage, Tjenestetype, Vedtak, VedtakStatus


def _vedtak_qs() -> QuerySet[Vedtak]:
    return Vedtak.objects.select_related(
        "pasient",
        "tjenestetype",
        "utforende_enhet",
        "fattet_av",
        "godkjent_av",
        "sak",
        "erstatter",
        "avsluttet_av",
    )


@dataclass(frozen=True)
class Vedtaksvisning:
    vedtak: Vedtak
    tjenester: list[Tjeneste]
    klager: list[Klage]
    erstattet_av: Vedtak | None
    kan_endre: bool
    kan_fatte: bool
    kan_godkjenne: bool

    @property
    def klagefrist(self) -> object:
        return klagefrist_compute(self.vedtak.brev_sendt_dato)

    @property
    def har_brev(self) -> bool:
        return self.vedtak.status in (VedtakStatus.FATTET, VedtakStatus.AVSLUTTET)


def vedtak_get(*, actor: Ansatt, vedtak_id: uuid.UUID | str) -> Vedtaksvisning:
    """One decision with its services and appeals; audited (VEDTAK_READ)."""
    actor_require(actor, Action.HANDLE_CASE)
    with transaction.atomic():
        vedtak = access_unit_record(actor, _vedtak_qs(), vedtak_id, action=Action.HANDLE_CASE)
        audit_log(
            actor=actor, event=AuditEvent.VEDTAK_READ, target=vedtak, pasient_id=vedtak.pasient_id
        )
    kan_fatte = actor_can(actor, Action.DECIDE_VEDTAK)
    return Vedtaksvisning(
        vedtak=vedtak,
        tjenester=list(Tjeneste.objects.filter(kilde_vedtak_id=vedtak.pk).select_related("enhet")),
        klager=list(vedtak.klager.all()),
        erstattet_av=Vedtak.objects.filter(erstatter=vedtak).first(),
        kan_endre=vedtak.status == VedtakStatus.UTKAST,
        kan_fatte=kan_fatte and vedtak.status == VedtakStatus.UTKAST,
        kan_godkjenne=kan_fatte
        and vedtak.status == VedtakStatus.TIL_GODKJENNING
        and vedtak.fattet_av_id != actor.pk,
    )


def vedtak_list(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | None = None,
    status: str = "",
    side: int = 1,
    storrelse: int = 25,
) -> Side[Vedtak]:
    """The office's decisions, newest first; each listed one audited for its patient."""
    actor_require(actor, Action.HANDLE_CASE)
    rows = restrict_unit_records(_vedtak_qs(), actor, action=Action.HANDLE_CASE)
    if pasient_id is not None:
        rows = rows.filter(pasient_id=pasient_id)
    if status:
        rows = rows.filter(status=status)
    with transaction.atomic():
        page = side_fetch(rows.order_by("-created_at", "id"), nummer=side, storrelse=storrelse)
        audit_log_many(actor=actor, event=AuditEvent.VEDTAK_LISTED, targets=page.items)
    return page


@dataclass(frozen=True)
class Godkjenninger:
    """Two-person decisions of the office waiting for approval: those the person may approve
    (decided by someone else) and those the person decided, waiting for someone else."""

    til_meg: list[Vedtak]
    mine: list[Vedtak]
    kan_godkjenne: bool


def vedtak_til_godkjenning(*, actor: Ansatt, storrelse: int = 50) -> Godkjenninger:
    """The office's decisions waiting for a second person (oldest first, at most `storrelse`
    of each kind); every one listed is audited for its patient (VEDTAK_LISTED)."""
    actor_require(actor, Action.HANDLE_CASE)
    rows = restrict_unit_records(_vedtak_qs(), actor, action=Action.HANDLE_CASE).filter(
        status=VedtakStatus.TIL_GODKJENNING
    )
    kan_godkjenne = actor_can(actor, Action.DECIDE_VEDTAK)
    with transaction.atomic():
        til_meg = (
            list(rows.exclude(fattet_av=actor).order_by("fattet_at", "id")[:storrelse])
            if kan_godkjenne
            else []
        )
        mine = list(rows.filter(fattet_av=actor).order_by("fattet_at", "id")[:storrelse])
        audit_log_many(actor=actor, event=AuditEvent.VEDTAK_LISTED, targets=til_meg + mine)
    return Godkjenninger(til_meg=til_meg, mine=mine, kan_godkjenne=kan_godkjenne)


def tjenestetyper_gyldige(*, actor: Ansatt) -> list[Tjenestetype]:
    """The catalogue in force today, for the application and decision forms."""
    actor_require(actor, Action.HANDLE_CASE)
    return list(Tjenestetype.objects.gyldige(idag()).order_by("navn"))


def utfoerende_enheter(*, actor: Ansatt) -> list[Enhet]:
    """Units that can provide services: active units of the office's organisation."""
    actor_require(actor, Action.HANDLE_CASE)
    return list(
        Enhet.objects.filter(aktiv=True)
        .exclude(type__in=["tildelingskontor", "administrasjon"])
        .select_related("virksomhet")
        .order_by("navn")
    )
