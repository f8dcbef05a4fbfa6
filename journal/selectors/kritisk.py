"""Reads of critical information (CAVE), diagnoses and the code lists behind them.

Critical information is never hidden by a patient's block on single entries (safety
first): an allergy or an "ikke HLR" decision that the person giving care cannot see can
kill. A block of the whole record still applies, since access to the patient is checked
first. Diagnoses can be blocked one by one and are then shown only as "sperret".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError
from core.models import Action, Ansatt
from journal.access import actor_require, blocked_entries_decided, pasient_access
from journal.lib.kodeverk import kode_normalize
from journal.models import (
    Alvorlighet,
    Diagnose,
    DiagnoseStatus,
    Kode,
    Kodeverk,
    KritiskInformasjon,
    KritiskType,
    Pasient,
)

MAX_SOK = 100
DIAGNOSE_OBJEKT_TYPE = "journal.Diagnose"

# Decisions (ikke HLR) first, then by severity: what must be seen first comes first.
_PRIORITY = [
    Case(When(type=KritiskType.BESLUTNING, then=Value(0)), default=Value(1)),
    Case(
        *(When(alvorlighet=a, then=Value(i)) for i, a in enumerate(Alvorlighet.values)),
        default=Value(len(Alvorlighet.values)),
        output_field=IntegerField(),
    ),
]


# What the banner shows of each active entry (kritisk_active_qs; the overview reads the same).
BANNER_FELTER = (
    "pasient_id",
    "type",
    "tittel",
    "reaksjon",
    "alvorlighet",
    "sikkerhet",
    "dato",
    "besluttet_av",
)


def kritisk_active_qs(pasient_id: uuid.UUID) -> QuerySet[KritiskInformasjon]:
    """Active critical information of one patient in banner order (one query, no joins).

    Call only after access to the patient has been checked (the banner is part of the
    patient view). Not filtered by entry blocks: see the module docstring.
    """
    return (
        KritiskInformasjon.objects.filter(pasient_id=pasient_id, aktiv=True)
        .only("id", *BANNER_FELTER)
        .order_by(*_PRIORITY, "tittel", "id")
    )


def _pasient_for_reading(actor: Ansatt, pasient_id: uuid.UUID | str) -> Pasient:
    return pasient_access(actor, pasient_id, action=Action.VIEW, fields=("id",))


def kritisk_list(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    aktiv: bool | None = None,
    side: int = 1,
    storrelse: int = 50,
) -> Side[KritiskInformasjon]:
    """The patient's critical information: active first (in banner order), then history.

    Audited with one KRITISK_READ row per call.
    """
    with transaction.atomic():
        pasient = _pasient_for_reading(actor, pasient_id)
        queryset = (
            KritiskInformasjon.objects.filter(pasient=pasient)
            .select_related("registrert_av", "avsluttet_av", "enhet")
            .order_by("-aktiv", *_PRIORITY, "-created_at", "id")
        )
        if aktiv is not None:
            queryset = queryset.filter(aktiv=aktiv)
        page = side_fetch(queryset, nummer=side, storrelse=storrelse)
        audit_log(
            actor=actor,
            event=AuditEvent.KRITISK_READ,
            pasient_id=pasient.pk,
            extra={"side": page.nummer, "antall": len(page.items)},
        )
    return page


@dataclass(frozen=True)
class Diagnoseside:
    side: Side[Diagnose]
    sperrede: frozenset[str]

    def rader(self) -> list[tuple[Diagnose, bool]]:
        """Diagnoses with a flag for entries the patient has blocked for this person."""
        return [(d, str(d.pk) in self.sperrede) for d in self.side.items]


def diagnose_list(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    status: str | None = None,
    side: int = 1,
    storrelse: int = 50,
) -> Diagnoseside:
    """The patient's problems and diagnoses: active first, newest first.

    Entries the patient has blocked for this person are flagged (show only "sperret").
    Audited with one DIAGNOSE_READ row per call.
    """
    if status is not None and status not in DiagnoseStatus.values:
        raise ApplicationError(_("Ukjent status for diagnose."))
    pasient = _pasient_for_reading(actor, pasient_id)
    # Access is decided before the transaction, so nothing in it raises NotFound; the read
    # has nothing to undo, and inside the overview's transaction a savepoint would only
    # add two statements.
    with transaction.atomic(savepoint=False):
        queryset = (
            Diagnose.objects.filter(pasient=pasient)
            .select_related("kode", "satt_av", "avsluttet_av", "enhet")
            .order_by(
                Case(When(status=DiagnoseStatus.AKTIV, then=Value(0)), default=Value(1)),
                "-created_at",
                "id",
            )
        )
        if status is not None:
            queryset = queryset.filter(status=status)
        page = side_fetch(queryset, nummer=side, storrelse=storrelse)
        audit_log(
            actor=actor,
            event=AuditEvent.DIAGNOSE_READ,
            pasient_id=pasient.pk,
            extra={"side": page.nummer, "antall": len(page.items)},
        )
    sperrede = frozenset(blocked_entries_decided(actor, pasient.pk, DIAGNOSE_OBJEKT_TYPE))
    return Diagnoseside(side=page, sperrede=sperrede)


def kode_search(
    *, actor: Ansatt, sok: str, kodeverk: str = "", side: int = 1, storrelse: int = 20
) -> Side[Kode]:
    """Active codes whose code starts with `sok` or whose text contains it (any case).

    Code matches come first. ICPC-2 chapter letters are headings and are left out.
    """
    actor_require(actor, Action.VIEW)
    if kodeverk and kodeverk not in Kodeverk.values:
        raise ApplicationError(_("Ukjent kodeverk."))
    sok = " ".join(sok.split())
    if len(sok) > MAX_SOK:
        raise ApplicationError(_("Søket er for langt."))
    queryset = Kode.objects.filter(aktiv=True).exclude(
        Q(kodeverk=Kodeverk.ICPC2) & Q(kode__regex=r"^[A-Z]$")
    )
    if not sok:
        return side_fetch(queryset.none(), nummer=1, storrelse=storrelse)
    prefix = kode_normalize(sok, kodeverk)
    if kodeverk:
        queryset = queryset.filter(kodeverk=kodeverk)
    queryset = (
        queryset.filter(Q(kode__startswith=prefix) | Q(tekst__icontains=sok))
        .annotate(
            treff=Case(When(kode__startswith=prefix, then=Value(0)), default=Value(1)),
            lengde=Length("kode"),
        )
        .order_by("treff", "kodeverk", "lengde", "kode")
    )
    return side_fetch(queryset, nummer=side, storrelse=storrelse)


def kode_get(*, kodeverk: str, kode: str) -> Kode | None:
    """One code by code list and code as typed ("e11.9" finds E119), active or not."""
    if kodeverk not in Kodeverk.values:
        return None
    return Kode.objects.filter(kodeverk=kodeverk, kode=kode_normalize(kode, kodeverk)).first()
