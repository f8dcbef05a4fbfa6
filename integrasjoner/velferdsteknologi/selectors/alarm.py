"""Reads of the response queue: open and recently closed alarms, one alarm.

Alarms are patient data and are reached through journal.access (RESPOND_ALARM in the
acting unit, and the unit's care relationship with the patient).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet

from core.audit import AuditEvent, audit_log, audit_log_many
from core.klokke import naa
from core.models import Action, Ansatt
from integrasjoner.velferdsteknologi.models import (
    Alarm,
    AlarmStatus,
)
from journal.access import access_scoped, actor_require, restrict_scoped

KO_MAKS = 200  # alarms shown in the queue at most (the oldest most severe first)
# A queue polled every few seconds logs each patient shown once per actor and window,
# not once per poll (the log would otherwise be mostly polling).
LISTE_LOGG_VINDU = dt.timedelta(minutes=15)


def _alarmer(actor: Ansatt) -> QuerySet[Alarm]:
    return restrict_scoped(
        Alarm.objects.select_related("pasient", "kvittert_av"),
        actor,
        action=Action.RESPOND_ALARM,
    )


def _log_listed(actor: Ansatt, alarmer: list[Alarm]) -> None:
    if not alarmer:
        return
    keys = {f"kj:vft:listet:{actor.pk}:{a.pk}": a for a in alarmer}
    seen = cache.get_many(list(keys))
    new = [a for key, a in keys.items() if key not in seen]
    if not new:
        return
    with transaction.atomic():
        audit_log_many(actor=actor, event=AuditEvent.VFT_ALARM_LISTED, targets=new)
    cache.set_many(
        {key: 1 for key, a in keys.items() if a in new},
        timeout=int(LISTE_LOGG_VINDU.total_seconds()),
    )


def alarmer_open(*, actor: Ansatt) -> list[Alarm]:
    """Open and acknowledged alarms the actor may respond to: most severe first, then
    oldest first. Each patient shown is audit-logged (once per actor per window)."""
    actor_require(actor, Action.RESPOND_ALARM)
    rows = list(
        _alarmer(actor)
        .exclude(status=AlarmStatus.LUKKET)
        .order_by("-alvorlighet", "tidspunkt", "id")[:KO_MAKS]
    )
    _log_listed(actor, rows)
    return rows


def alarmer_closed_recent(*, actor: Ansatt, timer: int = 12) -> list[Alarm]:
    """Alarms handled in the last hours (the queue's "recently handled" list)."""
    actor_require(actor, Action.RESPOND_ALARM)
    since = naa() - dt.timedelta(hours=timer)
    rows = list(
        _alarmer(actor)
        .filter(status=AlarmStatus.LUKKET, lukket_at__gte=since)
        .select_related("lukket_av")
        .order_by("-lukket_at")[:50]
    )
    _log_listed(actor, rows)
    return rows


@transaction.atomic
def alarm_get(*, actor: Ansatt, alarm_id: uuid.UUID | str) -> Alarm:
    """One alarm, or NotFound for missing and not allowed alike. Audited as a read."""
    actor_require(actor, Action.RESPOND_ALARM)
    alarm = access_scoped(
        actor,
        Alarm.objects.select_related(
            "pasient", "hendelse", "hendelse__avsender", "kvittert_av", "lukket_av", "notat"
        ),
        alarm_id,
        action=Action.RESPOND_ALARM,
    )
    audit_log(
        actor=actor, event=AuditEvent.VFT_ALARM_READ, target=alarm, pasient_id=alarm.pasient_id
    )
    return alarm
