"""Writes for sending systems and their devices (admin, or the system itself)."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.klokke import idag
from core.models import Action, Ansatt, Enhet
from integrasjoner.velferdsteknologi.models import (
    Avsendersystem,
    Utstyr,
)
from journal.access import actor_require


def _require_admin(actor: Ansatt | None) -> None:
    actor_require(actor, Action.ADMIN)


@transaction.atomic
def avsendersystem_create(
    *, actor: Ansatt | None, navn: str, enhet_id: uuid.UUID
) -> tuple[Avsendersystem, str]:
    """Register a sending system (admin, or the system itself in a management command).

    Returns the system and its shared secret; the secret is shown once, to be given to
    the sender. A system user (no password, no login) registers its measurements.
    """
    _require_admin(actor)
    navn = navn.strip()
    if not navn:
        raise ValidationError({"navn": [_("Skriv navnet på systemet.")]})
    enhet = Enhet.objects.filter(pk=enhet_id).first()
    if enhet is None:
        raise ValidationError({"enhet": [_("Velg en enhet.")]})
    nokkel_id = "vkp_" + secrets.token_hex(8)
    hemmelighet = secrets.token_urlsafe(32)
    systembruker = Ansatt(
        username=f"system-{nokkel_id}",
        first_name=navn[:150],
        last_name=_("(system)"),
        stilling=_("Systembruker for velferdsteknologi"),
    )
    systembruker.set_unusable_password()
    systembruker.full_clean()
    systembruker.save()
    avsender = Avsendersystem(
        navn=navn,
        nokkel_id=nokkel_id,
        hemmelighet=hemmelighet,
        enhet=enhet,
        systembruker=systembruker,
    )
    avsender.full_clean()
    avsender.save()
    audit_log(actor=actor, event=AuditEvent.VFT_AVSENDER_CREATED, target=avsender)
    return avsender, hemmelighet


@transaction.atomic
def utstyr_register(
    *,
    actor: Ansatt | None,
    avsender_id: uuid.UUID,
    ekstern_id: str,
    type: str,
    pasient_id: uuid.UUID | None,
    enhet_id: uuid.UUID,
    installert_dato: dt.date | None = None,
) -> Utstyr:
    """Register a device (admin or system), or update the one with that id: its patient,
    unit and type. Audited with the patient."""
    _require_admin(actor)
    utstyr = (
        Utstyr.objects.select_for_update()
        .filter(avsender_id=avsender_id, ekstern_id=ekstern_id)
        .first()
    )
    if utstyr is None:
        utstyr = Utstyr(avsender_id=avsender_id, ekstern_id=ekstern_id)
    utstyr.type = type
    utstyr.pasient_id = pasient_id
    utstyr.enhet_id = enhet_id
    utstyr.installert_dato = installert_dato or idag()
    utstyr.fjernet_dato = None
    utstyr.full_clean()
    utstyr.save()
    audit_log(
        actor=actor,
        event=AuditEvent.VFT_UTSTYR_SAVED,
        target=utstyr,
        pasient_id=pasient_id,
        extra={"utstyr": ekstern_id, "type": type},
    )
    return utstyr


@transaction.atomic
def avsender_refused_audit(*, avsender: Avsendersystem, grunn: str) -> None:
    """Record a signed request refused for a known key (bad signature, stale timestamp)."""
    audit_log(
        actor=None,
        event=AuditEvent.VFT_HENDELSE_REFUSED,
        target=avsender,
        extra={"grunn": grunn},
    )
