"""Earlier vaccinations from SYSVAK: doses the national register knows of (given before the
child moved in) stored as vaccinations with `kilde` "sysvak", shown as "fra SYSVAK".

Called by the SYSVAK integration (integrasjoner/sysvak) with what the register answered;
this app never calls the register itself."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.audit import AuditEvent, audit_log
from journal.models import Pasient
from tjenester.helsestasjon.models import (
    Vaksinasjon,
    VaksinasjonKilde,
    VaksinasjonStatus,
    Vaksinedose,
)
from tjenester.helsestasjon.services.status import innskrivning_status_refresh


@dataclass(frozen=True)
class SysvakDose:
    """One dose as the register reports it."""

    vaksine: str
    dose_nr: int
    tidspunkt: dt.datetime
    preparat: str = ""
    batch: str = ""


@transaction.atomic
def vaksinasjoner_sysvak_import(
    *, pasient_id: uuid.UUID | str, enhet_id: uuid.UUID | str, doser: Sequence[SysvakDose]
) -> list[Vaksinasjon]:
    """Store the doses the child does not have already (same vaccine and dose number, given
    or fetched before), attributed to the health station that enrolled the child. A system
    write (the register answered; no person acted): audited as SYSVAK_FETCHED with the
    number found and stored."""
    pasient = Pasient.objects.get(pk=pasient_id)
    har = set(
        Vaksinasjon.objects.filter(pasient=pasient, status=VaksinasjonStatus.GITT).values_list(
            "vaksine", "dose_nr"
        )
    )
    programdoser = {(d.vaksine, d.dose_nr): d for d in Vaksinedose.objects.order_by("gyldig_fra")}
    nye = []
    for dose in doser:
        if (dose.vaksine, dose.dose_nr) in har:
            continue
        tid = (
            dose.tidspunkt
            if timezone.is_aware(dose.tidspunkt)
            else timezone.make_aware(dose.tidspunkt)
        )
        vaksinasjon = Vaksinasjon(
            pasient=pasient,
            enhet_id=enhet_id,
            vaksinedose=programdoser.get((dose.vaksine, dose.dose_nr)),
            vaksine=dose.vaksine[:40],
            dose_nr=dose.dose_nr,
            status=VaksinasjonStatus.GITT,
            kilde=VaksinasjonKilde.SYSVAK,
            tidspunkt=tid,
            preparat=dose.preparat[:100],
            batch=dose.batch[:40],
        )
        vaksinasjon.full_clean()
        vaksinasjon.save()
        har.add((dose.vaksine, dose.dose_nr))
        nye.append(vaksinasjon)
    if nye:
        innskrivning_status_refresh([pasient.pk])
    audit_log(
        actor=None,
        event=AuditEvent.SYSVAK_FETCHED,
        target=pasient,
        pasient_id=pasient.pk,
        extra={"funnet": len(doser), "lagret": len(nye)},
    )
    return nye
