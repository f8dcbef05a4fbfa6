"""Service deliveries: started by a decision for the providing unit, ended with it.

Starting a service opens the providing unit's care relationship (grunnlag vedtak);
ending the last active service of that unit for the patient closes it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag, naa
from core.models import Action, Ansatt, Enhet
from journal.access import actor_require
from journal.models import Behandlingsrelasjon, Pasient, RelasjonGrunnlag, Tjeneste, TjenesteStatus
from journal.services.tilgang import behandlingsrelasjon_close, relasjon_insert


@dataclass(frozen=True)
class TjenesteData:
    """What a decision grants: the service type (IPLOS 9151 code and name), extent, period."""

    tjenestetype_kode: str
    navn: str
    fra_dato: dt.date
    til_dato: dt.date | None = None
    omfang: Decimal | None = None
    omfang_enhet: str = ""


@transaction.atomic
def tjeneste_start(
    *,
    actor: Ansatt | None,
    pasient_id: uuid.UUID,
    enhet_id: uuid.UUID,
    data: TjenesteData,
    kilde_vedtak_id: uuid.UUID | None = None,
) -> Tjeneste:
    """Start a service for the providing unit and open its care relationship.

    Only a person who may decide (DECIDE_VEDTAK) or the system starts services. Starting
    again for the same decision returns the active service (idempotent). Audited as
    TJENESTE_STARTED (and RELASJON_OPENED when the relationship is new).
    """
    actor_require(actor, Action.DECIDE_VEDTAK)
    pasient = Pasient.objects.filter(pk=pasient_id).first()
    enhet = Enhet.objects.filter(pk=enhet_id, aktiv=True).first()
    if pasient is None:
        raise NotFound
    if enhet is None:
        raise ApplicationError(_("Velg en aktiv enhet som skal gi tjenesten."))
    if kilde_vedtak_id is not None:
        existing = Tjeneste.objects.filter(
            kilde_vedtak_id=kilde_vedtak_id, status=TjenesteStatus.AKTIV
        ).first()
        if existing is not None:
            return existing
    tjeneste = Tjeneste(
        pasient=pasient,
        enhet=enhet,
        tjenestetype_kode=data.tjenestetype_kode,
        navn=data.navn,
        omfang=data.omfang,
        omfang_enhet=data.omfang_enhet,
        fra_dato=data.fra_dato,
        til_dato=data.til_dato,
        kilde_vedtak_id=kilde_vedtak_id,
        startet_av=actor,
    )
    tjeneste.full_clean()
    tjeneste.save()
    relasjon_insert(
        actor=actor, pasient_id=pasient.pk, enhet_id=enhet.pk, grunnlag=RelasjonGrunnlag.VEDTAK
    )
    audit_log(
        actor=actor,
        event=AuditEvent.TJENESTE_STARTED,
        target=tjeneste,
        pasient_id=pasient.pk,
        extra={
            "enhet_id": str(enhet.pk),
            "tjenestetype": data.tjenestetype_kode,
            "vedtak_id": str(kilde_vedtak_id or ""),
        },
    )
    return tjeneste


def _day_end(day: dt.date) -> dt.datetime:
    """The moment a service ending on `day` stops (local midnight after it)."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


@transaction.atomic
def tjeneste_close(
    *,
    actor: Ansatt | None,
    tjeneste_id: uuid.UUID,
    til_dato: dt.date | None = None,
    grunn: str = "",
) -> Tjeneste:
    """End a service on `til_dato` (default today) and, unless another active service of
    the same unit keeps it, close the unit's care relationship from the day after.

    Audited as TJENESTE_ENDED (and RELASJON_CLOSED when the relationship is closed).
    """
    actor_require(actor, Action.DECIDE_VEDTAK)
    tjeneste = Tjeneste.objects.select_for_update().filter(pk=tjeneste_id).first()
    if tjeneste is None:
        raise NotFound
    if tjeneste.status == TjenesteStatus.AVSLUTTET:
        raise ApplicationError(_("Tjenesten er allerede avsluttet."))
    slutt = max(til_dato or idag(), tjeneste.fra_dato)
    if tjeneste.til_dato is not None:
        slutt = min(slutt, tjeneste.til_dato)
    tjeneste.til_dato = slutt
    tjeneste.status = TjenesteStatus.AVSLUTTET
    tjeneste.avsluttet_av = actor
    tjeneste.avsluttet_at = naa()
    tjeneste.avslutning_grunn = grunn.strip()[:200]
    tjeneste.full_clean()
    tjeneste.save(
        update_fields=[
            "til_dato",
            "status",
            "avsluttet_av",
            "avsluttet_at",
            "avslutning_grunn",
            "updated_at",
        ]
    )
    audit_log(
        actor=actor,
        event=AuditEvent.TJENESTE_ENDED,
        target=tjeneste,
        pasient_id=tjeneste.pasient_id,
        extra={"til_dato": slutt.isoformat(), "grunn": tjeneste.avslutning_grunn},
    )
    _relasjon_close_if_unused(actor=actor, tjeneste=tjeneste, at=_day_end(slutt))
    return tjeneste


def _relasjon_close_if_unused(*, actor: Ansatt | None, tjeneste: Tjeneste, at: dt.datetime) -> None:
    others = (
        Tjeneste.objects.filter(
            pasient_id=tjeneste.pasient_id, enhet_id=tjeneste.enhet_id, status=TjenesteStatus.AKTIV
        )
        .exclude(pk=tjeneste.pk)
        .exists()
    )
    if others:
        return
    relasjoner = Behandlingsrelasjon.objects.active().filter(
        pasient_id=tjeneste.pasient_id, enhet_id=tjeneste.enhet_id, grunnlag=RelasjonGrunnlag.VEDTAK
    )
    for relasjon in relasjoner:
        if relasjon.gyldig_til is None or relasjon.gyldig_til > at:
            behandlingsrelasjon_close(actor=actor, relasjon_id=relasjon.pk, at=at)
