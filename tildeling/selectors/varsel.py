"""Reads of alerts: the office's (case officers) and a leader's units (leader page)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log_many
from core.context import context_get
from core.models import Action, Ansatt
from journal.access import actor_can
from journal.services import leader_scope
from tildeling.models import Varsel


def varsler_scope(actor: Ansatt | None) -> QuerySet[Varsel]:
    """The alerts a person sees: a case officer those of the acting office, a leader
    (REVIEW_LOG) those of the acting unit and the units below it, as office or provider."""
    ctx = context_get()
    if actor is None or ctx is None or ctx.enhet_id is None:
        return Varsel.objects.none()
    condition = Q(pk__in=[])
    if actor_can(actor, Action.HANDLE_CASE):
        condition |= Q(enhet_id=ctx.enhet_id)
    scope = leader_scope(actor)
    if scope:
        condition |= Q(enhet_id__in=scope) | Q(utforende_enhet_id__in=scope)
    return Varsel.objects.filter(condition)


def varsler_list(
    *, actor: Ansatt | None, side: int = 1, storrelse: int = 25, apne: bool = True
) -> Side[Varsel]:
    """Alerts by due date (open ones unless apne=False); each shown alert is audited for
    its patient (VARSEL_LISTED)."""
    rows = varsler_scope(actor).select_related("pasient", "enhet", "utforende_enhet", "lost_av")
    rows = rows.filter(lost_at__isnull=apne).order_by("forfallsdato" if apne else "-lost_at", "id")
    with transaction.atomic():
        page = side_fetch(rows, nummer=side, storrelse=storrelse)
        audit_log_many(actor=actor, event=AuditEvent.VARSEL_LISTED, targets=page.items)
    return page
