"""Reads of parked events. They have no patient yet; they are shown to the unit that
receives the sending system's events."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import QuerySet

from core.audit import AuditEvent, audit_log
from core.context import context_get
from core.exceptions import NotFound
from core.models import Action, Ansatt
from integrasjoner.velferdsteknologi.models import (
    HendelseStatus,
    Velferdshendelse,
)
from journal.access import actor_can, actor_require

PARKERT_SIDE = 25


def _parked(actor: Ansatt) -> QuerySet[Velferdshendelse]:
    ctx = context_get()
    if not actor_can(actor, Action.RESPOND_ALARM) or ctx is None or ctx.enhet_id is None:
        return Velferdshendelse.objects.none()
    return Velferdshendelse.objects.filter(
        status=HendelseStatus.PARKERT, avsender__enhet_id=ctx.enhet_id
    ).select_related("avsender")


def hendelser_parked(*, actor: Ansatt) -> QuerySet[Velferdshendelse]:
    """Parked events of the senders the acting unit receives for, newest first (the caller
    pages them). Refused (403) without RESPOND_ALARM."""
    actor_require(actor, Action.RESPOND_ALARM)
    with transaction.atomic():
        audit_log(actor=actor, event=AuditEvent.VFT_PARKERT_READ)
    return _parked(actor).order_by("-tidspunkt", "id")


def hendelse_parked_get(
    *, actor: Ansatt, hendelse_id: uuid.UUID | str, lock: bool = False
) -> Velferdshendelse:
    actor_require(actor, Action.RESPOND_ALARM)
    try:
        key = uuid.UUID(str(hendelse_id))
    except ValueError as exc:
        raise NotFound from exc
    rows = _parked(actor)
    if lock:
        rows = rows.select_for_update(of=("self",))
    hendelse = rows.filter(pk=key).first()
    if hendelse is None:
        raise NotFound
    return hendelse
