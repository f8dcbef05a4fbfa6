"""Reads for the pages: a unit's inbox and matching queue, one message, a patient's
conversations, and the dashboard's counts. A message belongs to the unit it was routed
to (a unit's own record, like a case at the allocation office); "missing" and "not
yours" are the same 404."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet

from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import acting_enhet_id
from core.exceptions import NotFound
from core.models import Action, Ansatt
from integrasjoner.meldinger.models import Melding, MeldingStatus, Retning, Samtale
from journal.access import actor_require, pasient_access, restrict_scoped

SIDE = 25


def _unit_rows(actor: Ansatt) -> QuerySet[Melding]:
    actor_require(actor, Action.VIEW)
    return Melding.objects.filter(retning=Retning.INN, enhet_id=acting_enhet_id())


def innboks_list(*, actor: Ansatt) -> QuerySet[Melding]:
    """The acting unit's received messages: open ones (not yet handled) first, newest
    first within each (the caller pages them). Each patient shown is read-audited by the
    view through `innboks_audit`."""
    return (
        _unit_rows(actor)
        .exclude(status=MeldingStatus.PARKERT)
        .select_related("pasient")
        .order_by(F("haandtert_at").desc(nulls_first=True), "-created_at", "id")
        .defer("xml")
    )


def koblingsko_list(*, actor: Ansatt) -> QuerySet[Melding]:
    """Messages routed to the acting unit whose patient could not be matched."""
    return (
        _unit_rows(actor)
        .filter(status=MeldingStatus.PARKERT)
        .order_by("-created_at", "id")
        .defer("xml")
    )


def meldinger_audit(*, actor: Ansatt, rows: Sequence[Melding]) -> None:
    """One read-audit row per message with a patient shown in a list."""
    with transaction.atomic():
        audit_log_many(
            actor=actor,
            event=AuditEvent.MELDINGER_LISTED,
            targets=[m for m in rows if m.pasient_id],
        )


def melding_get(*, actor: Ansatt, melding_id: uuid.UUID | str) -> Melding:
    """One message of the acting unit (with its receipts); audited as MELDING_READ."""
    try:
        key = uuid.UUID(str(melding_id))
    except ValueError as exc:
        raise NotFound from exc
    melding = _unit_rows(actor).select_related("pasient", "forrige_versjon").filter(pk=key).first()
    if melding is None:
        raise NotFound
    with transaction.atomic():
        audit_log(
            actor=actor,
            event=AuditEvent.MELDING_READ,
            target=melding,
            pasient_id=melding.pasient_id,
        )
    return melding


@dataclass(frozen=True)
class PasientMeldinger:
    """A patient's page of messages: conversations, and the events and documents (hospital
    logistics, reports) the acting unit received about the patient."""

    samtaler: list[Samtale]
    meldinger: list[Melding]


def samtaler_for_pasient(*, actor: Ansatt, pasient_id: uuid.UUID | str) -> PasientMeldinger:
    """The patient's conversations the actor may read, newest activity first, with their
    messages, and the acting unit's received messages about the patient; audited as
    SAMTALE_READ."""
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW, fields=("id",))
    meldinger = list(
        Melding.objects.filter(retning=Retning.INN, pasient=pasient, enhet_id=acting_enhet_id())
        .exclude(meldingstype__startswith="DIALOG_")
        .defer("xml")
        .order_by("-created_at", "id")[:50]
    )
    samtaler = list(
        restrict_scoped(Samtale.objects.filter(pasient=pasient), actor, action=Action.VIEW)
        .prefetch_related("meldinger")
        .order_by("-updated_at", "id")[:50]
    )
    with transaction.atomic():
        audit_log(
            actor=actor,
            event=AuditEvent.SAMTALE_READ,
            pasient_id=pasient.pk,
            extra={"samtaler": len(samtaler), "meldinger": len(meldinger)},
        )
    return PasientMeldinger(samtaler=samtaler, meldinger=meldinger)


def avviste_list(*, actor: Ansatt) -> QuerySet[Melding]:
    """Every rejected received message, for admins (also those no unit could be found
    for): when, what, from whom, to which HER-id, and why. No patient data is shown."""
    actor_require(actor, Action.ADMIN)
    return (
        Melding.objects.filter(retning=Retning.INN, status=MeldingStatus.AVVIST)
        .only(
            "id",
            "created_at",
            "meldingstype",
            "avsender_navn",
            "avsender_herid",
            "mottaker_herid",
            "feil",
            "storrelse",
            "transport_id",
        )
        .order_by("-created_at", "id")
    )


@dataclass(frozen=True)
class Meldingstall:
    """Received messages of one type: how many wait (unhandled or parked) and failed."""

    meldingstype: str
    venter: int
    parkert: int
    avvist: int


def meldingstall_per_type(*, actor: Ansatt) -> list[Meldingstall]:
    """Queue depth and failures per message type, for the integrations dashboard (admins;
    counts only, no patient data)."""
    actor_require(actor, Action.ADMIN)
    rows = (
        Melding.objects.filter(retning=Retning.INN)
        .values("meldingstype")
        .annotate(
            venter=Count("id", filter=Q(status=MeldingStatus.BEHANDLET, haandtert_at__isnull=True)),
            parkert=Count("id", filter=Q(status=MeldingStatus.PARKERT)),
            avvist=Count("id", filter=Q(status=MeldingStatus.AVVIST)),
        )
        .order_by("meldingstype")
    )
    return [
        Meldingstall(r["meldingstype"] or "?", r["venter"], r["parkert"], r["avvist"]) for r in rows
    ]
