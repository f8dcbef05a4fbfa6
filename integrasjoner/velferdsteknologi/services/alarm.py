"""The response queue: acknowledge and close alarms (optionally as a journal note), and
the outbox receiver that reports alarm status to the alarm central."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError
from core.klokke import naa
from core.models import Action, Ansatt, Levering, Utbokshendelse
from core.outbox import outbox_publish
from integrasjoner.velferdsteknologi.client import alarmstatus_send
from integrasjoner.velferdsteknologi.models import (
    Alarm,
    AlarmStatus,
    AlarmUtfall,
)
from integrasjoner.velferdsteknologi.schemas import alarmstatus_melding
from journal.access import access_scoped, actor_can, actor_require
from journal.models import Notattype
from journal.services import journalnotat_create, journalnotat_sign
from journal.services.notat import FRITEKST

ALARMSENTRAL = "velferdsteknologi.alarmsentral"
HENDELSE_KVITTERT = "velferdsteknologi.alarm_kvittert"
HENDELSE_LUKKET = "velferdsteknologi.alarm_lukket"
ALARMSENTRAL_HENDELSER = {HENDELSE_KVITTERT, HENDELSE_LUKKET}
NOTATTYPE = "velferdsteknologi"  # seeded by this app's migration
MAX_DOKUMENTASJON = 5000


# --- outbox receiver -----------------------------------------------------------------------


def alarmstatus_deliver(hendelse: Utbokshendelse, levering: Levering) -> None:
    """Outbox receiver: the stored message goes to the alarm central, keyed by the delivery."""
    alarmstatus_send(melding=hendelse.payload, idempotency_key=str(levering.id))


# --- response queue ------------------------------------------------------------------------


def _alarm_lock(actor: Ansatt, alarm_id: uuid.UUID | str) -> Alarm:
    actor_require(actor, Action.RESPOND_ALARM)
    locked = Alarm.objects.select_for_update(of=("self",)).select_related(
        "hendelse__avsender", "pasient"
    )
    return access_scoped(actor, locked, alarm_id, action=Action.RESPOND_ALARM)


def _publish_status(alarm: Alarm, status: str) -> None:
    outbox_publish(
        hendelse=HENDELSE_KVITTERT if status == "kvittert" else HENDELSE_LUKKET,
        payload=alarmstatus_melding(alarm, status),
        pasient_id=alarm.pasient_id,
    )


@transaction.atomic
def alarm_acknowledge(*, actor: Ansatt, alarm_id: uuid.UUID | str) -> Alarm:
    """Take an open alarm ("I'm on it"). The alarm central is told over the outbox.
    Audited; an alarm already taken is refused with who took it."""
    alarm = _alarm_lock(actor, alarm_id)
    if alarm.status != AlarmStatus.AAPEN:
        raise ApplicationError(
            _("Alarmen er allerede kvittert av %(navn)s.") % {"navn": alarm.kvittert_av}
        )
    alarm.status = AlarmStatus.KVITTERT
    alarm.kvittert_av = actor
    alarm.kvittert_at = naa()
    alarm.full_clean()
    alarm.save(update_fields=["status", "kvittert_av", "kvittert_at", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.VFT_ALARM_ACKNOWLEDGED,
        target=alarm,
        pasient_id=alarm.pasient_id,
    )
    _publish_status(alarm, "kvittert")
    return alarm


def _notat_write(actor: Ansatt, alarm: Alarm, tekst: str) -> uuid.UUID:
    notattype = Notattype.objects.filter(kode=NOTATTYPE, aktiv=True).first()
    if notattype is None:
        raise ApplicationError(
            _("Notattypen for velferdsteknologi mangler. Kontakt systemansvarlig.")
        )
    notat = journalnotat_create(
        actor=actor,
        pasient_id=alarm.pasient_id,
        type_id=notattype.pk,
        tittel=f"{alarm.get_type_display()} – {alarm.get_utfall_display()}",
        innhold={FRITEKST: tekst},
        dokumentert_tid=alarm.tidspunkt,
    )
    signed = journalnotat_sign(actor=actor, notat_id=notat.pk, lasversjon=notat.lasversjon)
    return signed.pk


@transaction.atomic
def alarm_close(
    *,
    actor: Ansatt,
    alarm_id: uuid.UUID | str,
    utfall: str,
    dokumentasjon: str,
    journalfor: bool = False,
) -> Alarm:
    """Close an alarm with its outcome and what was done (an open alarm is acknowledged
    on the way). With `journalfor` the documentation also becomes a signed journal note
    for the patient, written by the actor (needs the rights to write and sign notes).
    The alarm central is told over the outbox. Audited with the outcome."""
    alarm = _alarm_lock(actor, alarm_id)
    if alarm.status == AlarmStatus.LUKKET:
        raise ApplicationError(_("Alarmen er allerede håndtert."))
    if utfall not in AlarmUtfall.values:
        raise ValidationError({"utfall": [_("Velg utfallet av alarmen.")]})
    dokumentasjon = dokumentasjon.strip()
    if not dokumentasjon:
        raise ValidationError({"dokumentasjon": [_("Skriv hva som ble gjort.")]})
    if len(dokumentasjon) > MAX_DOKUMENTASJON:
        raise ValidationError(
            {"dokumentasjon": [_("Teksten kan være høyst %(n)d tegn.") % {"n": MAX_DOKUMENTASJON}]}
        )
    now = naa()
    if alarm.status == AlarmStatus.AAPEN:
        alarm.kvittert_av, alarm.kvittert_at = actor, now
    alarm.status = AlarmStatus.LUKKET
    alarm.lukket_av, alarm.lukket_at = actor, now
    alarm.utfall, alarm.dokumentasjon = utfall, dokumentasjon
    if journalfor:
        tekst = _("Alarm: %(tittel)s (%(tid)s).\nUtfall: %(utfall)s.\n\n%(tekst)s") % {
            "tittel": alarm.tittel,
            "tid": timezone.localtime(alarm.tidspunkt).strftime("%d.%m.%Y %H:%M"),
            "utfall": alarm.get_utfall_display(),
            "tekst": dokumentasjon,
        }
        alarm.notat_id = _notat_write(actor, alarm, tekst)
    alarm.full_clean()
    alarm.save(
        update_fields=[
            "status",
            "kvittert_av",
            "kvittert_at",
            "lukket_av",
            "lukket_at",
            "utfall",
            "dokumentasjon",
            "notat",
            "updated_at",
        ]
    )
    audit_log(
        actor=actor,
        event=AuditEvent.VFT_ALARM_CLOSED,
        target=alarm,
        pasient_id=alarm.pasient_id,
        extra={"utfall": utfall, "journalnotat": str(alarm.notat_id or "")},
    )
    _publish_status(alarm, "lukket")
    return alarm


def can_record_in_journal(actor: Ansatt) -> bool:
    """Whether the close form offers "write a journal note" (both rights are needed)."""
    return actor_can(actor, Action.WRITE_NOTE) and actor_can(actor, Action.SIGN)
