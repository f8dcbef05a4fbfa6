"""Reads of alerts: the office's (case officers) and a leader's units (leader page)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log_many
from core.context import context_get
from core.models import Action, Ansatt
from journal.access import actor_can, restrict_pasienter, restrict_unit_records
from journal.models import Pasient
from journal.services import leader_scope
from tildeling.models import Varsel, Vedtak


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


@dataclass(frozen=True)
class Varselrad:
    """An alert with where it leads, for the person looking: the decision and its case
    (case officers of the office) and the patient's record (when access allows)."""

    varsel: Varsel
    vedtak_id: uuid.UUID | None = None
    sak_id: uuid.UUID | None = None
    pasient_id: uuid.UUID | None = None


def varsel_rader(*, actor: Ansatt | None, varsler: Sequence[Varsel]) -> list[Varselrad]:
    """Links for alerts already listed (and audited) by varsler_list: two queries."""
    vedtak_ids = [v.objekt_id for v in varsler if v.objekt_type == "tildeling.Vedtak"]
    saker = dict(
        restrict_unit_records(
            Vedtak.objects.filter(pk__in=vedtak_ids), actor, action=Action.HANDLE_CASE
        ).values_list("pk", "sak_id")
    )
    synlige = set(
        restrict_pasienter(
            Pasient.objects.filter(pk__in={v.pasient_id for v in varsler}),
            actor,
            action=Action.VIEW,
        ).values_list("pk", flat=True)
    )
    return [
        Varselrad(
            varsel=v,
            vedtak_id=v.objekt_id if v.objekt_id in saker else None,
            sak_id=saker.get(v.objekt_id),
            pasient_id=v.pasient_id if v.pasient_id in synlige else None,
        )
        for v in varsler
    ]
