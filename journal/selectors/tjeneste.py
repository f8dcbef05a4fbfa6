"""Reads of a patient's service deliveries (tjenester)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from core.audit import AuditEvent, audit_log
from core.models import Action, Ansatt
from journal.access import access_basis, pasient_access
from journal.models import Tjeneste, TjenesteStatus


def tjenester_for_pasient(
    *, actor: Ansatt | None, pasient_id: uuid.UUID | str, bare_aktive: bool = False
) -> list[Tjeneste]:
    """The patient's services, active first then newest. NotFound for missing and not
    allowed alike; audited as TJENESTE_READ with the basis of the access."""
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
    # Access is decided before the transaction, so nothing in it raises NotFound; inside
    # the overview's transaction a savepoint would only add two statements.
    with transaction.atomic(savepoint=False):
        rows = Tjeneste.objects.filter(pasient=pasient).select_related("enhet")
        if bare_aktive:
            rows = rows.filter(status=TjenesteStatus.AKTIV)
        tjenester = list(rows.order_by("status", "-fra_dato", "id"))
        basis = access_basis(actor, pasient.pk)
        audit_log(
            actor=actor,
            event=AuditEvent.TJENESTE_READ,
            target=pasient,
            pasient_id=pasient.pk,
            grunnlag=basis.kode,
            begrunnelse=basis.begrunnelse,
            extra={"antall": len(tjenester)},
        )
    return tjenester


def tjenester_for_vedtak(
    *, vedtak_ids: list[uuid.UUID], bare_aktive: bool = True
) -> list[Tjeneste]:
    """Services started by the given decisions. For the deciding services and the nightly
    checks, which hold the decision already (no patient read of their own)."""
    rows = Tjeneste.objects.filter(kilde_vedtak_id__in=vedtak_ids)
    if bare_aktive:
        rows = rows.filter(status=TjenesteStatus.AKTIV)
    return list(rows.select_related("enhet"))


def tjenester_uten_gyldig_vedtak(*, gyldige_vedtak_ids: QuerySet[Any, Any]) -> QuerySet[Tjeneste]:
    """Active services whose decision is missing or not among `gyldige_vedtak_ids` (a
    subquery of the decisions in force): the nightly "service without a valid decision"."""
    return (
        Tjeneste.objects.filter(status=TjenesteStatus.AKTIV)
        .filter(Q(kilde_vedtak_id__isnull=True) | ~Q(kilde_vedtak_id__in=gyldige_vedtak_ids))
        .select_related("enhet", "pasient")
    )
