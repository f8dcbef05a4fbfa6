"""Reads for the integration dashboard (admins): per receiver queue depth, last success,
dead letters and delivery history. Payloads are not shown (they may hold patient data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet

from core.models import Action, Ansatt, Levering, LeveringStatus
from core.outbox import mottakere
from journal.access import actor_require

DOD_MAKS = 50


@dataclass(frozen=True)
class MottakerStatus:
    navn: str
    hendelser: list[str]
    registrert: bool
    venter: int
    sender: int
    dod: int
    siste_levert: dt.datetime | None


def mottaker_statuses(*, actor: Ansatt) -> list[MottakerStatus]:
    """Every registered receiver, and any receiver with deliveries but no longer in code."""
    actor_require(actor, Action.ADMIN)
    counts: dict[str, dict[str, int]] = {}
    rows = (
        Levering.objects.filter(
            status__in=[LeveringStatus.VENTER, LeveringStatus.SENDER, LeveringStatus.DOD]
        )
        .values("mottaker", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["mottaker"], {})[row["status"]] = row["n"]
    last = dict(
        Levering.objects.filter(status=LeveringStatus.LEVERT)
        .values("mottaker")
        .annotate(siste=Max("levert_at"))
        .order_by()
        .values_list("mottaker", "siste")
    )
    registered = {m.navn: m for m in mottakere()}
    result = []
    for navn in sorted(set(registered) | set(counts) | set(last)):
        c = counts.get(navn, {})
        mottaker = registered.get(navn)
        result.append(
            MottakerStatus(
                navn=navn,
                hendelser=sorted(mottaker.hendelser) if mottaker else [],
                registrert=mottaker is not None,
                venter=c.get(LeveringStatus.VENTER, 0),
                sender=c.get(LeveringStatus.SENDER, 0),
                dod=c.get(LeveringStatus.DOD, 0),
                siste_levert=last.get(navn),
            )
        )
    return result


def leveringer_dead(*, actor: Ansatt, mottaker: str) -> list[Levering]:
    actor_require(actor, Action.ADMIN)
    return list(
        Levering.objects.filter(mottaker=mottaker, status=LeveringStatus.DOD)
        .select_related("hendelse")
        .order_by("-updated_at", "id")[:DOD_MAKS]
    )


def leveringer_history(*, actor: Ansatt, mottaker: str) -> QuerySet[Levering]:
    """All deliveries of a receiver, most recently changed first (the caller pages them)."""
    actor_require(actor, Action.ADMIN)
    return (
        Levering.objects.filter(mottaker=mottaker)
        .select_related("hendelse")
        .order_by("-updated_at", "id")
    )
