"""Reads of SYSVAK for a child: each vaccination with what the register has said about it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import transaction

from core.audit import AuditEvent, audit_log
from core.models import Action, Ansatt, Levering, LeveringStatus
from integrasjoner.sysvak.models import SysvakKvittering
from integrasjoner.sysvak.services import SYSVAK
from journal.access import access_basis, actor_can, pasient_access
from journal.models import Pasient
from tjenester.helsestasjon.models import Vaksinasjon, VaksinasjonKilde

MAKS_RADER = 200  # a child's whole vaccination history is far shorter


@dataclass(frozen=True)
class SysvakRad:
    """One vaccination and its reports: receipts, and deliveries still waiting or dead."""

    vaksinasjon: Vaksinasjon
    kvitteringer: list[SysvakKvittering] = field(default_factory=list)
    venter: int = 0
    dod: int = 0
    siste_feil: str = ""

    @property
    def fra_sysvak(self) -> bool:
        return self.vaksinasjon.kilde == VaksinasjonKilde.SYSVAK


@dataclass(frozen=True)
class SysvakStatus:
    pasient: Pasient
    rader: list[SysvakRad]
    kan_hente: bool


def sysvak_status_get(*, actor: Ansatt, pasient_id: uuid.UUID | str) -> SysvakStatus:
    """The child's vaccinations (newest first) with SYSVAK receipts and pending or failed
    reports. NotFound for missing and not allowed alike; audited as SYSVAK_HISTORIKK_READ."""
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
    with transaction.atomic(savepoint=False):
        basis = access_basis(actor, pasient.pk)
        vaksinasjoner = list(
            Vaksinasjon.objects.filter(pasient=pasient).order_by("-tidspunkt", "id")[:MAKS_RADER]
        )
        kvitteringer: dict[uuid.UUID, list[SysvakKvittering]] = {}
        for k in SysvakKvittering.objects.filter(pasient=pasient).order_by("mottatt_at"):
            kvitteringer.setdefault(k.vaksinasjon_id, []).append(k)
        leveringer: dict[str, list[Levering]] = {}
        for levering in Levering.objects.filter(
            mottaker=SYSVAK,
            hendelse__pasient_id=pasient.pk,
            status__in=[LeveringStatus.VENTER, LeveringStatus.SENDER, LeveringStatus.DOD],
        ).select_related("hendelse"):
            key = str(levering.hendelse.payload.get("vaksinasjon_id"))
            leveringer.setdefault(key, []).append(levering)
        audit_log(
            actor=actor,
            event=AuditEvent.SYSVAK_HISTORIKK_READ,
            target=pasient,
            pasient_id=pasient.pk,
            grunnlag=basis.kode,
            begrunnelse=basis.begrunnelse,
            extra={"antall": len(vaksinasjoner)},
        )
    rader = []
    for v in vaksinasjoner:
        apne = leveringer.get(str(v.pk), [])
        rader.append(
            SysvakRad(
                vaksinasjon=v,
                kvitteringer=kvitteringer.get(v.pk, []),
                venter=sum(1 for lev in apne if lev.status != LeveringStatus.DOD),
                dod=sum(1 for lev in apne if lev.status == LeveringStatus.DOD),
                siste_feil=next((lev.siste_feil for lev in apne if lev.siste_feil), ""),
            )
        )
    return SysvakStatus(pasient=pasient, rader=rader, kan_hente=actor_can(actor, Action.WRITE_NOTE))
