"""Writes for nursing homes: the ward's shifts (core.Vakt), read by payroll."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.models import Ansatt, Vakt
from tjenester.sykehjem.selectors import acting_avdeling


@transaction.atomic
def vakt_register(
    *,
    actor: Ansatt,
    ansatt_id: uuid.UUID | str,
    dato: dt.date,
    fra_tid: dt.time,
    til_tid: dt.time,
) -> Vakt:
    """Register a shift for a member of staff of the ward the person acts in (needs
    MANAGE_STAYS). A shift whose end is before its start ends the next morning. Audited as
    VAKT_REGISTRERT."""
    avdeling = acting_avdeling(actor)
    ansatt = Ansatt.objects.filter(
        pk=ansatt_id, tilknytninger__enhet=avdeling, is_active=True
    ).first()
    if ansatt is None:
        raise ValidationError({"ansatt": [_("Velg en ansatt som arbeider på avdelingen.")]})
    if fra_tid == til_tid:
        raise ValidationError({"til_tid": [_("En vakt må ha ulik start- og sluttid.")]})
    if Vakt.objects.filter(ansatt=ansatt, enhet=avdeling, dato=dato, fra_tid=fra_tid).exists():
        raise ValidationError({"fra_tid": [_("Vakten er allerede registrert.")]})
    vakt = Vakt(ansatt=ansatt, enhet=avdeling, dato=dato, fra_tid=fra_tid, til_tid=til_tid)
    vakt.full_clean()
    vakt.save()
    audit_log(
        actor=actor,
        event=AuditEvent.VAKT_REGISTRERT,
        target=vakt,
        extra={
            "ansatt": str(ansatt.pk),
            "dato": dato.isoformat(),
            "fra": fra_tid.isoformat("minutes"),
            "til": til_tid.isoformat("minutes"),
        },
    )
    return vakt
