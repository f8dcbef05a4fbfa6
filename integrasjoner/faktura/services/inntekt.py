"""Writes for the income basis (inntektsgrunnlag) per patient and year, which the fee
rules for praktisk bistand and vederlag depend on."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import transaction

from core.audit import AuditEvent, audit_log
from core.exceptions import NotFound
from core.models import Action, Ansatt
from integrasjoner.faktura.models import (
    Inntektsgrunnlag,
)
from journal.access import actor_require
from journal.models import Pasient


@transaction.atomic
def inntektsgrunnlag_save(
    *,
    actor: Ansatt | None,
    pasient_id: uuid.UUID,
    aar: int,
    husstandsinntekt: Decimal | None,
    netto_inntekt: Decimal | None,
    merknad: str = "",
) -> Inntektsgrunnlag:
    """Register or change a patient's income basis for a year (admin). Audited with old and
    new values."""
    actor_require(actor, Action.ADMIN)
    if not Pasient.objects.filter(pk=pasient_id).exists():
        raise NotFound
    row = (
        Inntektsgrunnlag.objects.select_for_update().filter(pasient_id=pasient_id, aar=aar).first()
    )
    old = (
        {"husstandsinntekt": str(row.husstandsinntekt), "netto_inntekt": str(row.netto_inntekt)}
        if row
        else None
    )
    if row is None:
        row = Inntektsgrunnlag(pasient_id=pasient_id, aar=aar)
    row.husstandsinntekt = husstandsinntekt
    row.netto_inntekt = netto_inntekt
    row.merknad = merknad
    row.full_clean()
    row.save()
    audit_log(
        actor=actor,
        event=AuditEvent.FAKTURA_INNTEKT_SAVED,
        target=row,
        pasient_id=pasient_id,
        extra={
            "aar": aar,
            "gammel": old,
            "ny": {"husstandsinntekt": str(husstandsinntekt), "netto_inntekt": str(netto_inntekt)},
        },
    )
    return row
