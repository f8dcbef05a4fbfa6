"""Reads of medication reconciliation and review, and the banner notice "the list is not
reconciled"."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log
from core.exceptions import NotFound
from core.models import Action, Ansatt, EnhetType
from journal.access import access_scoped, pasient_access
from journal.models import Behandlingsrelasjon, Pasient
from journal.selectors import Bannermerknad
from legemidler.models import (
    Legemiddelgjennomgang,
    Legemiddelsamstemming,
    SamstemmingStatus,
)

# Care that starts with a reconciliation: a nursing home or home care.
SAMSTEMMING_ENHETER = (
    EnhetType.SYKEHJEM,
    EnhetType.SYKEHJEMSAVDELING,
    EnhetType.HJEMMETJENESTE,
    EnhetType.HJEMMETJENESTE_SONE,
)


def samstemming_needed(pasient_id: uuid.UUID) -> str | None:
    """Why the patient's list is not reconciled, or None: a reconciliation in progress, or
    care in a nursing home or home care that began after the last signed one. Call only
    after access to the patient was checked (part of the patient view)."""
    # One query: it runs on every patient page.
    siste_signert = (
        Legemiddelsamstemming.objects.filter(
            pasient_id=OuterRef("pasient_id"), status=SamstemmingStatus.SIGNERT
        )
        .order_by("-signert_at")
        .values("signert_at")[:1]
    )
    ny_omsorg = (
        Behandlingsrelasjon.objects.active()
        .filter(pasient_id=OuterRef("pk"), enhet__type__in=SAMSTEMMING_ENHETER)
        .annotate(siste=Subquery(siste_signert))
        .filter(Q(siste__isnull=True) | Q(gyldig_fra__gt=F("siste")))
    )
    paagaar = Legemiddelsamstemming.objects.filter(
        pasient_id=OuterRef("pk"), status=SamstemmingStatus.PAAGAAR
    )
    row = (
        Pasient.objects.filter(pk=pasient_id)
        .annotate(paagaar=Exists(paagaar), ny_omsorg=Exists(ny_omsorg))
        .values_list("paagaar", "ny_omsorg")
        .first()
    )
    if row is None:
        return None
    if row[0]:
        return _("Legemiddellisten er ikke samstemt (samstemming pågår)")
    if row[1]:
        return _("Legemiddellisten er ikke samstemt")
    return None


def samstemming_banner(pasient_id: uuid.UUID) -> Sequence[Bannermerknad]:
    """The banner notice (registered with journal in LegemidlerConfig.ready)."""
    grunn = samstemming_needed(pasient_id)
    if grunn is None:
        return ()
    return (
        Bannermerknad(tekst=grunn, lenke=reverse("legemidler:samstemminger", args=[pasient_id])),
    )


@dataclass(frozen=True)
class Samstemmingsoversikt:
    pasient: Pasient
    samstemminger: Side[Legemiddelsamstemming]
    gjennomganger: list[Legemiddelgjennomgang]
    ikke_samstemt: str | None


def samstemming_list(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, side: int = 1, storrelse: int = 20
) -> Samstemmingsoversikt:
    """The patient's reconciliations (newest first, paged) and the latest reviews.
    Audited as SAMSTEMMING_READ."""
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
    with transaction.atomic(savepoint=False):
        samstemminger = side_fetch(
            Legemiddelsamstemming.objects.filter(pasient=pasient)
            .select_related("startet_av", "signert_av", "enhet")
            .order_by("-created_at", "id"),
            nummer=side,
            storrelse=storrelse,
        )
        gjennomganger = list(
            Legemiddelgjennomgang.objects.filter(pasient=pasient)
            .select_related("registrert_av")
            .order_by("-dato", "-created_at")[:20]
        )
        audit_log(
            actor=actor,
            event=AuditEvent.SAMSTEMMING_READ,
            pasient_id=pasient.pk,
            extra={"samstemminger": len(samstemminger.items), "gjennomganger": len(gjennomganger)},
        )
    return Samstemmingsoversikt(
        pasient=pasient,
        samstemminger=samstemminger,
        gjennomganger=gjennomganger,
        ikke_samstemt=samstemming_needed(pasient.pk),
    )


def samstemming_get(
    *,
    actor: Ansatt,
    samstemming_id: uuid.UUID | str,
    pasient_id: uuid.UUID | str | None = None,
) -> Legemiddelsamstemming:
    """One reconciliation with its lines; audited as SAMSTEMMING_READ."""
    queryset = Legemiddelsamstemming.objects.select_related(
        "startet_av", "signert_av", "enhet"
    ).prefetch_related("linjer__forordning", "linjer__legemiddel", "linjer__besluttet_av")
    if pasient_id is not None:
        try:
            queryset = queryset.filter(pasient_id=uuid.UUID(str(pasient_id)))
        except ValueError as exc:
            raise NotFound from exc
    with transaction.atomic():
        samstemming = access_scoped(actor, queryset, samstemming_id, action=Action.VIEW)
        audit_log(
            actor=actor,
            event=AuditEvent.SAMSTEMMING_READ,
            target=samstemming,
            pasient_id=samstemming.pasient_id,
        )
    return samstemming
