"""Reads for nursing homes: the waiting list."""

from __future__ import annotations

import uuid

from django.db import transaction

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log_many
from core.models import Action, Ansatt
from journal.access import access_scoped, restrict_scoped
from tjenester.sykehjem.models import (
    Venteliste,
    VentelisteStatus,
)

# --- waiting list -----------------------------------------------------------------------------


def venteliste_list(*, actor: Ansatt, side: int = 1, storrelse: int = 50) -> Side[Venteliste]:
    """Patients waiting for a long-term place, by priority then application date. Audited."""
    qs = restrict_scoped(
        Venteliste.objects.filter(status=VentelisteStatus.VENTER).select_related(
            "pasient", "enhet"
        ),
        actor,
        action=Action.VIEW,
    ).order_by("prioritet", "soknadsdato", "created_at", "id")
    with transaction.atomic():
        page = side_fetch(qs, nummer=side, storrelse=storrelse)
        audit_log_many(actor=actor, event=AuditEvent.VENTELISTE_LISTED, targets=page.items)
    return page


def venteliste_get(*, actor: Ansatt, venteliste_id: uuid.UUID | str, action: Action) -> Venteliste:
    return access_scoped(
        actor,
        Venteliste.objects.filter(status=VentelisteStatus.VENTER).select_related("pasient"),
        venteliste_id,
        action=action,
    )
