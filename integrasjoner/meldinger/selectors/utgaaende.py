"""Reads of outgoing messages: the unit's outbox list (with its alerts) and one message."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from core.audit import AuditEvent, audit_log
from core.models import Action, Ansatt
from integrasjoner.meldinger.models import UtgaaendeMelding, Varsel
from journal.access import access_unit_record, pasient_access, restrict_unit_records
from journal.models import Pasient


def utgaaende_list(
    *, actor: Ansatt | None, bare_varsler: bool = False
) -> QuerySet[UtgaaendeMelding]:
    """The acting unit's outgoing messages, open alerts first, newest first (view right).
    The unit's own record of what it sent, like an office's case archive: it does not
    depend on a care relationship. The page audits the patients it shows."""
    rows = restrict_unit_records(
        UtgaaendeMelding.objects.select_related("pasient").defer("xml"), actor, action=Action.VIEW
    )
    aapne = Q(varsel_lukket_at__isnull=True) & ~Q(varsel=Varsel.INGEN)
    if bare_varsler:
        rows = rows.filter(aapne)
    har_varsel = Case(
        When(aapne, then=Value(True)), default=Value(False), output_field=BooleanField()
    )
    return rows.annotate(har_varsel=har_varsel).order_by("-har_varsel", "-created_at", "id")


def utgaaende_list_audit(*, actor: Ansatt | None, meldinger: list[UtgaaendeMelding]) -> None:
    """One audit row per patient shown on a page of the outbox list."""
    with transaction.atomic():
        for pasient_id in {m.pasient_id for m in meldinger}:
            audit_log(actor=actor, event=AuditEvent.UTGAAENDE_LISTED, pasient_id=pasient_id)


@transaction.atomic
def utgaaende_get(*, actor: Ansatt | None, melding_id: uuid.UUID | str) -> UtgaaendeMelding:
    """One of the acting unit's outgoing messages with its XML (view right), or 404."""
    melding = access_unit_record(
        actor, UtgaaendeMelding.objects.select_related("pasient"), melding_id, action=Action.VIEW
    )
    audit_log(
        actor=actor, event=AuditEvent.UTGAAENDE_READ, target=melding, pasient_id=melding.pasient_id
    )
    return melding


@transaction.atomic
def pasient_meldinger(
    *, actor: Ansatt | None, pasient_id: uuid.UUID | str
) -> tuple[Pasient, list[UtgaaendeMelding]]:
    """The patient (view right, same 404 as missing) and the acting unit's latest messages
    about them (at most 50), for the patient's messages page; the read is audited."""
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
    meldinger = list(utgaaende_list(actor=actor).filter(pasient_id=pasient.pk)[:50])
    audit_log(actor=actor, event=AuditEvent.UTGAAENDE_LISTED, pasient_id=pasient.pk)
    return pasient, meldinger
