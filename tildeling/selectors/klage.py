"""Reads of appeals (klage) against decisions."""

from __future__ import annotations

import uuid

from django.db import transaction

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.models import Action, Ansatt
from journal.access import access_unit_record, actor_require, restrict_unit_records
from tildeling.models import Klage


def klage_get(*, actor: Ansatt, klage_id: uuid.UUID | str) -> Klage:
    """One appeal; audited (KLAGE_READ)."""
    actor_require(actor, Action.HANDLE_CASE)
    with transaction.atomic():
        klage = access_unit_record(
            actor,
            Klage.objects.select_related("vedtak__tjenestetype", "pasient", "vurdert_av"),
            klage_id,
            action=Action.HANDLE_CASE,
        )
        audit_log(
            actor=actor, event=AuditEvent.KLAGE_READ, target=klage, pasient_id=klage.pasient_id
        )
    return klage


def klager_list(*, actor: Ansatt, side: int = 1, storrelse: int = 25) -> Side[Klage]:
    """The office's appeals, newest first; each audited for its patient."""
    actor_require(actor, Action.HANDLE_CASE)
    rows = restrict_unit_records(
        Klage.objects.select_related("vedtak__tjenestetype", "pasient"),
        actor,
        action=Action.HANDLE_CASE,
    ).order_by("-mottatt_dato", "-created_at", "id")
    with transaction.atomic():
        page = side_fetch(rows, nummer=side, storrelse=storrelse)
        audit_log_many(actor=actor, event=AuditEvent.KLAGE_READ, targets=page.items)
    return page
