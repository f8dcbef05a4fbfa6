"""Reads of consultations: one for the GP (read-audited), the fee codes valid on a date,
and what a HELFO claim needs: signed, not-yet-claimed consultations of an office."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import acting_enhet_id
from core.models import Action, Ansatt
from journal.access import access_scoped, restrict_scoped
from tjenester.legekontor.models import (
    Konsultasjon,
    KonsultasjonStatus,
    KravStatus,
    Takst,
    Takstlinje,
)


@transaction.atomic
def konsultasjon_get(*, actor: Ansatt | None, konsultasjon_id: uuid.UUID | str) -> Konsultasjon:
    """One consultation with its lines and diagnoses; NotFound for missing and not allowed."""
    queryset = Konsultasjon.objects.select_related(
        "pasient", "lege", "notat", "timeavtale"
    ).prefetch_related(
        Prefetch(
            "takstlinjer", queryset=Takstlinje.objects.select_related("takst").order_by("kode")
        ),
        "diagnoser__kode",
    )
    konsultasjon = access_scoped(actor, queryset, konsultasjon_id, action=Action.VIEW)
    audit_log(
        actor=actor,
        event=AuditEvent.KONSULTASJON_READ,
        target=konsultasjon,
        pasient_id=konsultasjon.pasient_id,
    )
    return konsultasjon


def takster_gyldige(dag: dt.date) -> list[Takst]:
    """The fee codes valid on `dag` (reference data, not patient data)."""
    return list(
        Takst.objects.filter(gyldig_fra__lte=dag)
        .filter(Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=dag))
        .order_by("kode", "-gyldig_fra")
        .distinct("kode")
    )


def konsultasjoner_for_krav(
    *,
    enhet_id: uuid.UUID,
    fra: dt.date,
    til: dt.date,
    actor: Ansatt | None = None,
) -> QuerySet[Konsultasjon]:
    """Signed consultations of the office started in [fra, til] (local dates) that have at
    least one fee line not yet claimed (krav_id NULL, status ny), with their lines and
    diagnoses prefetched. For the HELFO claim builder (the system, actor None, or a person
    whose access journal.access decides)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(fra, dt.time(0), tzinfo=tz)
    slutt = dt.datetime.combine(til + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    uten_krav = Takstlinje.objects.filter(
        konsultasjon=OuterRef("pk"), krav_id__isnull=True, krav_status=KravStatus.NY
    )
    queryset = (
        Konsultasjon.objects.filter(
            enhet_id=enhet_id,
            status=KonsultasjonStatus.SIGNERT,
            start__gte=start,
            start__lt=slutt,
        )
        .filter(Exists(uten_krav))
        .select_related("pasient", "lege")
        .prefetch_related(
            Prefetch(
                "takstlinjer",
                queryset=Takstlinje.objects.filter(krav_id__isnull=True, krav_status=KravStatus.NY)
                .select_related("takst")
                .order_by("kode"),
            ),
            "diagnoser__kode",
        )
        .order_by("start", "id")
    )
    return restrict_scoped(queryset, actor, action=Action.VIEW)


@transaction.atomic
def konsultasjoner_list(
    *, actor: Ansatt | None, side: int = 1, storrelse: int = 50
) -> Side[Konsultasjon]:
    """The acting office's consultations the person may read, newest first, one page;
    one audit row per consultation shown (KONSULTASJONER_LISTED)."""
    if actor is None:
        return Side(items=[], nummer=side, storrelse=storrelse, har_neste=False)
    queryset = restrict_scoped(
        Konsultasjon.objects.filter(enhet_id=acting_enhet_id()).select_related("pasient", "lege"),
        actor,
        action=Action.VIEW,
    ).order_by("-start", "id")
    resultat = side_fetch(queryset, nummer=side, storrelse=storrelse)
    if resultat.items:
        audit_log_many(actor=actor, event=AuditEvent.KONSULTASJONER_LISTED, targets=resultat.items)
    return resultat
