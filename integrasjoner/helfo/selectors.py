"""Reads for claims to HELFO, for the acting unit only (the SIGN right, like the services).
Every read is audited; a claim's lines and the worklist show patients, so each patient
shown gets an audit row. Another unit's claim is the same NotFound as a missing one.
Settlements for unknown claims are for administrators (ADMIN right)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db import transaction
from django.db.models import QuerySet

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import context_get
from core.exceptions import NotFound
from core.models import Action, Ansatt
from integrasjoner.helfo.models import Behandlerkrav, Kravlinje, LinjeStatus, Oppgjoer
from journal.access import actor_require

KRAV_SIDE = 20
LINJER_SIDE = 50


def _acting_enhet_id(actor: Ansatt | None, action: Action = Action.SIGN) -> uuid.UUID:
    actor_require(actor, action)
    ctx = context_get()
    if ctx is None or ctx.enhet_id is None:
        raise NotFound
    return ctx.enhet_id


def krav_list(*, actor: Ansatt | None) -> QuerySet[Behandlerkrav]:
    """The acting unit's claims, newest first (unaudited; pages go through krav_page)."""
    return (
        Behandlerkrav.objects.filter(enhet_id=_acting_enhet_id(actor))
        .select_related("behandler")
        .order_by("-created_at", "id")
    )


def krav_page(
    *, actor: Ansatt | None, nummer: int, storrelse: int = KRAV_SIDE
) -> Side[Behandlerkrav]:
    """One page of the unit's claims (no patient data), audited as one list read."""
    with transaction.atomic():
        side = side_fetch(krav_list(actor=actor), nummer=nummer, storrelse=storrelse)
        audit_log(
            actor=actor,
            event=AuditEvent.HELFO_KRAV_LISTED,
            extra={"side": nummer, "antall": len(side.items)},
        )
    return side


def _krav_get(actor: Ansatt | None, krav_id: uuid.UUID | str) -> Behandlerkrav:
    try:
        key = uuid.UUID(str(krav_id))
    except ValueError as exc:
        raise NotFound from exc
    krav = krav_list(actor=actor).select_related("enhet", "korrigerer").filter(pk=key).first()
    if krav is None:
        raise NotFound
    return krav


def _audit_patients(actor: Ansatt | None, linjer: Sequence[Kravlinje], event: AuditEvent) -> None:
    audit_log_many(
        actor=actor,
        event=event,
        targets=[linje for linje in linjer if linje.pasient_id is not None],
        grunnlag="administrativ",
    )


def krav_get(*, actor: Ansatt | None, krav_id: uuid.UUID | str) -> Behandlerkrav:
    """One claim of the acting unit, audited (no patient data: its lines go through
    krav_linjer_page)."""
    with transaction.atomic():
        krav = _krav_get(actor, krav_id)
        audit_log(actor=actor, event=AuditEvent.HELFO_KRAV_READ, target=krav)
    return krav


def krav_linjer_page(
    *, actor: Ansatt | None, krav: Behandlerkrav, nummer: int, storrelse: int = LINJER_SIDE
) -> Side[Kravlinje]:
    """A page of a claim's lines; every patient shown is audited."""
    with transaction.atomic():
        krav = _krav_get(actor, krav.pk)
        side = side_fetch(
            Kravlinje.objects.filter(krav=krav)
            .select_related("pasient")
            .order_by("tidspunkt", "regning_nr", "id"),
            nummer=nummer,
            storrelse=storrelse,
        )
        _audit_patients(actor, side.items, AuditEvent.HELFO_KRAV_READ)
    return side


def arbeidsliste_page(
    *, actor: Ansatt | None, nummer: int, storrelse: int = LINJER_SIDE
) -> Side[Kravlinje]:
    """The unit's rejected lines not yet resent (and those corrected, waiting to be sent),
    oldest first; every patient shown is audited."""
    with transaction.atomic():
        enhet_id = _acting_enhet_id(actor)
        side = side_fetch(
            Kravlinje.objects.filter(
                krav__enhet_id=enhet_id,
                aktiv=True,
                status__in=[LinjeStatus.AVVIST, LinjeStatus.KORRIGERT],
            )
            .select_related("pasient", "krav")
            .order_by("tidspunkt", "id"),
            nummer=nummer,
            storrelse=storrelse,
        )
        audit_log(actor=actor, event=AuditEvent.HELFO_ARBEIDSLISTE_READ, extra={"side": nummer})
        _audit_patients(actor, side.items, AuditEvent.HELFO_ARBEIDSLISTE_READ)
    return side


def arbeidsliste_linje_get(*, actor: Ansatt | None, linje_id: uuid.UUID | str) -> Kravlinje:
    """One line on the unit's worklist (for the correction form), audited."""
    try:
        key = uuid.UUID(str(linje_id))
    except ValueError as exc:
        raise NotFound from exc
    with transaction.atomic():
        linje = (
            Kravlinje.objects.filter(
                pk=key,
                krav__enhet_id=_acting_enhet_id(actor),
                aktiv=True,
                status__in=[LinjeStatus.AVVIST, LinjeStatus.KORRIGERT],
            )
            .select_related("pasient", "krav")
            .first()
        )
        if linje is None:
            raise NotFound
        _audit_patients(actor, [linje], AuditEvent.HELFO_ARBEIDSLISTE_READ)
    return linje


def ukjente_oppgjoer_page(*, actor: Ansatt | None, nummer: int) -> Side[Oppgjoer]:
    """Settlements HELFO sent for claims we do not know (administrators)."""
    actor_require(actor, Action.ADMIN)
    with transaction.atomic():
        side = side_fetch(
            Oppgjoer.objects.filter(krav__isnull=True).order_by("-created_at", "id"),
            nummer=nummer,
            storrelse=KRAV_SIDE,
        )
        audit_log(actor=actor, event=AuditEvent.HELFO_KRAV_LISTED, extra={"ukjente": True})
    return side
