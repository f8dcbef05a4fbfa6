"""Writes for nursing homes: the ward's rooms and beds."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag
from core.models import Ansatt
from tjenester.sykehjem.models import (
    Rom,
    Seng,
    Sengeperiode,
    Sengetype,
)
from tjenester.sykehjem.selectors import (
    acting_avdeling,
)

# --- rooms and beds ---------------------------------------------------------------------------


@transaction.atomic
def rom_create(*, actor: Ansatt, navn: str) -> Rom:
    """Add a room to the ward the person acts in. Audited as SENG_CHANGED."""
    avdeling = acting_avdeling(actor)
    navn = navn.strip()
    if not navn:
        raise ValidationError({"navn": [_("Skriv navnet eller nummeret på rommet.")]})
    if Rom.objects.filter(enhet=avdeling, navn__iexact=navn).exists():
        raise ValidationError({"navn": [_("Avdelingen har allerede et rom med dette navnet.")]})
    rom = Rom(enhet=avdeling, navn=navn)
    rom.full_clean()
    rom.save()
    audit_log(actor=actor, event=AuditEvent.SENG_CHANGED, target=rom, extra={"rom": navn})
    return rom


@transaction.atomic
def seng_create(*, actor: Ansatt, rom_id: uuid.UUID | str, navn: str, type: str) -> Seng:
    """Add a bed to a room of the acting ward. Audited as SENG_CHANGED."""
    avdeling = acting_avdeling(actor)
    rom = Rom.objects.filter(pk=rom_id, enhet=avdeling).first()
    if rom is None:
        raise NotFound
    navn = navn.strip()
    errors: dict[str, list[str]] = {}
    if not navn:
        errors["navn"] = [_("Skriv navnet på sengen.")]
    elif Seng.objects.filter(rom=rom, navn__iexact=navn).exists():
        errors["navn"] = [_("Rommet har allerede en seng med dette navnet.")]
    if type not in Sengetype.values:
        errors["type"] = [_("Velg type seng.")]
    if errors:
        raise ValidationError(errors)
    seng = Seng(rom=rom, enhet=avdeling, navn=navn, type=type)
    seng.full_clean(exclude=["nummer"])
    seng.save()
    audit_log(
        actor=actor,
        event=AuditEvent.SENG_CHANGED,
        target=seng,
        extra={"rom": rom.navn, "seng": navn, "type": type},
    )
    return seng


@transaction.atomic
def seng_aktiv_set(*, actor: Ansatt, seng_id: uuid.UUID | str, aktiv: bool) -> Seng:
    """Take a bed out of use or back in. A bed with a current or coming stay stays in use."""
    avdeling = acting_avdeling(actor)
    seng = Seng.objects.select_for_update().filter(pk=seng_id, enhet=avdeling).first()
    if seng is None:
        raise NotFound
    if not aktiv and (
        Sengeperiode.objects.filter(seng=seng)
        .filter(Q(til__isnull=True) | Q(til__gt=idag()))
        .exclude(til=F("fra"))
        .exists()
    ):
        raise ApplicationError(
            _("Sengen har et pågående eller planlagt opphold og kan ikke tas ut av drift.")
        )
    if seng.aktiv != aktiv:
        seng.aktiv = aktiv
        seng.save(update_fields=["aktiv", "updated_at"])
        audit_log(actor=actor, event=AuditEvent.SENG_CHANGED, target=seng, extra={"aktiv": aktiv})
    return seng
