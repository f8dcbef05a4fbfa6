"""Reads for KPR reports (the allocation office): the history of reports of the acting
unit's kommune, one report, and the persons left out of it (audited per person shown).

Who may read: HANDLE_CASE in the acting unit (saksbehandlere at the allocation office), for
reports of that unit's kommune only; the same NotFound for missing and another kommune's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from core.audit import AuditEvent, audit_log_many
from core.context import context_get
from core.exceptions import NotFound
from core.models import Action, Ansatt, Kommune
from integrasjoner.kpr.models import Kprrapport
from journal.access import actor_require
from journal.models import Pasient

MANGLER_SIDE = 50


def acting_kommune(actor: Ansatt) -> Kommune:
    """The kommune the allocation office reports for: that of the acting unit."""
    actor_require(actor, Action.HANDLE_CASE)
    ctx = context_get()
    kommune = (
        Kommune.objects.filter(virksomheter__id=ctx.virksomhet_id).first()
        if ctx is not None and ctx.virksomhet_id is not None
        else None
    )
    if kommune is None:
        raise NotFound
    return kommune


def rapporter_list(*, actor: Ansatt) -> QuerySet[Kprrapport]:
    """The kommune's reports, newest first (the caller pages them). No patient data."""
    kommune = acting_kommune(actor)
    return (
        Kprrapport.objects.filter(kommune=kommune)
        .defer("ipl_gz", "ide_gz", "mangler")
        .select_related("kommune", "startet_av", "sendt_av")
        .order_by("-created_at", "id")
    )


def rapport_get(*, actor: Ansatt, rapport_id: uuid.UUID | str) -> Kprrapport:
    try:
        key = uuid.UUID(str(rapport_id))
    except ValueError as exc:
        raise NotFound from exc
    rapport = rapporter_list(actor=actor).filter(pk=key).first()
    if rapport is None:
        raise NotFound
    return rapport


@dataclass(frozen=True)
class Mangelrad:
    pasient: Pasient | None
    felt: str
    tekst: str


@dataclass(frozen=True)
class Manglerside:
    """One page of the list (the shape partials/sider.html pages)."""

    items: list[Mangelrad]
    nummer: int
    storrelse: int
    har_neste: bool


@dataclass(frozen=True)
class Mangler:
    rapport: Kprrapport
    side: Manglerside


@transaction.atomic
def mangler_list(*, actor: Ansatt, rapport_id: uuid.UUID | str, side: int = 1) -> Mangler:
    """One page of the persons left out of a report and why; each person shown is audited
    (KPR_MANGLER_LISTED)."""
    rapport = rapport_get(actor=actor, rapport_id=rapport_id)
    rows = Kprrapport.objects.values_list("mangler", flat=True).get(pk=rapport.pk) or []
    start = (side - 1) * MANGLER_SIDE
    chunk = rows[start : start + MANGLER_SIDE + 1]
    ids = {r["pasient_id"] for r in chunk[:MANGLER_SIDE]}
    pasienter = {str(p.pk): p for p in Pasient.objects.filter(pk__in=ids)}
    items = [
        Mangelrad(pasienter.get(r["pasient_id"]), r["felt"], r["tekst"])
        for r in chunk[:MANGLER_SIDE]
    ]
    audit_log_many(
        actor=actor,
        event=AuditEvent.KPR_MANGLER_LISTED,
        targets=list(pasienter.values()),
        extra={"rapport": str(rapport.pk)},
    )
    page = Manglerside(
        items=items, nummer=side, storrelse=MANGLER_SIDE, har_neste=len(chunk) > MANGLER_SIDE
    )
    return Mangler(rapport=rapport, side=page)
