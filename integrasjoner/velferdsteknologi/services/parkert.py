"""Parked events: tie one to a patient (and register the device) and act on it."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.context import (
    acting_enhet_id,
)
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag
from core.models import Action, Ansatt
from integrasjoner.velferdsteknologi.models import (
    HendelseStatus,
    HendelseType,
    Utstyr,
    UtstyrType,
    Velferdshendelse,
)
from integrasjoner.velferdsteknologi.selectors.parkert import hendelse_parked_get
from integrasjoner.velferdsteknologi.services.hendelse import hendelse_apply
from journal.access import pasient_access
from journal.models import Pasient

UTSTYR_FOR_TYPE: dict[str, str] = {
    HendelseType.TRYGGHETSALARM: UtstyrType.TRYGGHETSALARM,
    HendelseType.FALL: UtstyrType.FALLSENSOR,
    HendelseType.DOR: UtstyrType.DORSENSOR,
    HendelseType.MEDISIN_GLEMT: UtstyrType.MEDISINDISPENSER,
    HendelseType.MEDISIN_SEN: UtstyrType.MEDISINDISPENSER,
    HendelseType.BLODTRYKK: UtstyrType.BLODTRYKKSMALER,
    HendelseType.SPO2: UtstyrType.PULSOKSYMETER,
    HendelseType.VEKT: UtstyrType.VEKT,
    HendelseType.BLODSUKKER: UtstyrType.BLODSUKKERMALER,
}


@transaction.atomic
def hendelse_match(
    *,
    actor: Ansatt,
    hendelse_id: uuid.UUID | str,
    identifikator: str,
    registrer_utstyr: bool,
) -> Velferdshendelse:
    """Tie a parked event to a patient the actor may respond for, in the acting unit, and
    act on it (alarm or vitals). With `registrer_utstyr` the device is registered on the
    patient too, so its next events arrive matched. Audited."""
    hendelse = hendelse_parked_get(actor=actor, hendelse_id=hendelse_id, lock=True)
    identifikator = identifikator.strip().replace(" ", "")
    pasient_id = (
        Pasient.objects.filter(identifikator=identifikator).values_list("pk", flat=True).first()
    )
    try:
        pasient = pasient_access(actor, pasient_id or uuid.uuid4(), action=Action.RESPOND_ALARM)
    except NotFound as exc:
        raise ValidationError(
            {
                "identifikator": [
                    _("Fant ingen pasient med dette fødselsnummeret som enheten din følger opp.")
                ]
            }
        ) from exc
    enhet_id = acting_enhet_id()
    if registrer_utstyr:
        utstyr = Utstyr.objects.filter(
            avsender_id=hendelse.avsender_id, ekstern_id=hendelse.utstyr_ref
        ).first() or Utstyr(
            avsender_id=hendelse.avsender_id,
            ekstern_id=hendelse.utstyr_ref,
            type=UTSTYR_FOR_TYPE[hendelse.type],
            installert_dato=idag(),
        )
        utstyr.pasient, utstyr.enhet_id, utstyr.fjernet_dato = pasient, enhet_id, None
        utstyr.full_clean()
        utstyr.save()
        hendelse.utstyr = utstyr
        audit_log(
            actor=actor,
            event=AuditEvent.VFT_UTSTYR_SAVED,
            target=utstyr,
            pasient_id=pasient.pk,
            extra={"utstyr": utstyr.ekstern_id, "type": utstyr.type},
        )
    hendelse.pasient = pasient
    hendelse.enhet_id = enhet_id
    hendelse.koblet_av = actor
    hendelse.parkert_grunn = ""
    hendelse_apply(hendelse)
    if hendelse.status != HendelseStatus.BEHANDLET:
        raise ApplicationError(hendelse.parkert_grunn)
    audit_log(
        actor=actor,
        event=AuditEvent.VFT_HENDELSE_MATCHED,
        target=hendelse,
        pasient_id=pasient.pk,
        extra={"registrer_utstyr": registrer_utstyr},
    )
    return hendelse
