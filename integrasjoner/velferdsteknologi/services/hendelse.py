"""Inbound events from sending systems: dedupe, park, alarm, vitals and thresholds."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.context import RequestContext, context_get, new_request_id, request_context
from core.exceptions import NotFound
from core.models import Action, Enhet
from integrasjoner.velferdsteknologi.models import (
    ALARMTYPER,
    STANDARD_ALVORLIGHET,
    Alarm,
    Avsendersystem,
    HendelseStatus,
    HendelseType,
    Utstyr,
    Velferdshendelse,
)
from integrasjoner.velferdsteknologi.schemas import HendelseInn
from integrasjoner.velferdsteknologi.services.terskel import brudd_tekst, terskel_brudd
from journal.services import maaling_create


@contextmanager
def _as_sender(avsender: Avsendersystem, enhet_id: uuid.UUID) -> Iterator[None]:
    """Act as the sender's system user in the device's unit, with the one right a device
    has: to register measurements (journal.access still requires the unit's care
    relationship with the patient)."""
    current = context_get()
    enhet = Enhet.objects.only("virksomhet_id").get(pk=enhet_id)
    ctx = RequestContext(
        request_id=current.request_id if current else new_request_id(),
        ip=current.ip if current else None,
        kanal="system",
        enhet_id=enhet_id,
        virksomhet_id=enhet.virksomhet_id,
        rolle_kode="velferdsteknologi",
        actions=frozenset({Action.WRITE_NOTE.value}),
    )
    with request_context(ctx):
        yield


def _park(hendelse: Velferdshendelse, grunn: str) -> None:
    hendelse.status = HendelseStatus.PARKERT
    hendelse.parkert_grunn = grunn
    hendelse.pasient = hendelse.enhet = None
    hendelse.full_clean()
    hendelse.save()
    audit_log(
        actor=None,
        event=AuditEvent.VFT_HENDELSE_PARKED,
        target=hendelse,
        extra={"grunn": grunn, "utstyr": hendelse.utstyr_ref},
    )


def _scope(hendelse: Velferdshendelse) -> tuple[uuid.UUID, uuid.UUID]:
    if hendelse.pasient_id is None or hendelse.enhet_id is None:  # pragma: no cover
        raise RuntimeError("an event is acted on only once it has a patient and a unit")
    return hendelse.pasient_id, hendelse.enhet_id


def _alarm_create(hendelse: Velferdshendelse, *, type: str, alvorlighet: int, tittel: str) -> Alarm:
    pasient_id, enhet_id = _scope(hendelse)
    alarm = Alarm(
        hendelse=hendelse,
        pasient_id=pasient_id,
        enhet_id=enhet_id,
        type=type,
        kode=hendelse.kode,
        alvorlighet=alvorlighet,
        tittel=tittel[:300],
        tidspunkt=hendelse.tidspunkt,
    )
    alarm.full_clean()
    alarm.save()
    audit_log(
        actor=None,
        event=AuditEvent.VFT_ALARM_CREATED,
        target=alarm,
        pasient_id=alarm.pasient_id,
        extra={"type": type, "alvorlighet": alvorlighet},
    )
    return alarm


def hendelse_apply(hendelse: Velferdshendelse) -> None:
    """An event with a patient and a unit: raise the alarm, or register the measurement
    as vitals and raise an alarm for values outside the thresholds."""
    pasient_id, enhet_id = _scope(hendelse)
    if hendelse.type in ALARMTYPER:
        alvorlighet = hendelse.alvorlighet or STANDARD_ALVORLIGHET[hendelse.type]
        tittel = str(HendelseType(hendelse.type).label)
        if hendelse.tekst:
            tittel = f"{tittel}: {hendelse.tekst}"
        hendelse.status = HendelseStatus.BEHANDLET
        hendelse.save()
        _alarm_create(hendelse, type=hendelse.type, alvorlighet=alvorlighet, tittel=tittel)
        return
    data = HendelseInn(
        ekstern_id=hendelse.ekstern_id,
        type=hendelse.type,
        kode=hendelse.kode,
        alvorlighet=hendelse.alvorlighet,
        tidspunkt=hendelse.tidspunkt,
        utstyr_ref=hendelse.utstyr_ref,
        verdier=hendelse.verdier,
    )
    try:
        with _as_sender(hendelse.avsender, enhet_id):
            maling = maaling_create(
                actor=hendelse.avsender.systembruker,
                pasient_id=pasient_id,
                data=data.maaling_data(),
            )
    except NotFound:
        _park(
            hendelse,
            _("Utstyrets enhet har ingen aktiv behandlingsrelasjon med pasienten."),
        )
        return
    hendelse.maling = maling
    hendelse.status = HendelseStatus.BEHANDLET
    hendelse.save()
    brudd = terskel_brudd(pasient_id, hendelse.verdier)
    if brudd:
        _alarm_create(
            hendelse,
            type=HendelseType.TERSKEL,
            alvorlighet=max(b.alvorlighet for b in brudd),
            tittel="; ".join(brudd_tekst(b) for b in brudd),
        )


def _resolve(hendelse: Velferdshendelse) -> str | None:
    """Find device, patient and unit; returns why the event must be parked, or None."""
    utstyr = (
        Utstyr.objects.select_related("pasient")
        .filter(avsender_id=hendelse.avsender_id, ekstern_id=hendelse.utstyr_ref)
        .first()
    )
    if utstyr is None:
        return _("Ukjent utstyr %(id)s.") % {"id": hendelse.utstyr_ref}
    hendelse.utstyr = utstyr
    if (
        utstyr.fjernet_dato is not None
        and utstyr.fjernet_dato < timezone.localtime(hendelse.tidspunkt).date()
    ):
        return _("Utstyret er registrert som fjernet.")
    if utstyr.pasient is None:
        return _("Utstyret er ikke koblet til en pasient.")
    if hendelse.pasient_ref and hendelse.pasient_ref != utstyr.pasient.identifikator:
        return _("Pasienten i hendelsen er ikke den utstyret er registrert på.")
    hendelse.pasient = utstyr.pasient
    hendelse.enhet_id = utstyr.enhet_id
    return None


def hendelse_receive(
    *, avsender: Avsendersystem, data: HendelseInn
) -> tuple[Velferdshendelse, bool]:
    """Store an inbound event and act on it; returns (event, created).

    A repeat of (sender, event id) returns the original with created=False, also when two
    copies race (the unique constraint decides). An event that cannot be tied to a known
    device, patient and care relationship is parked, never dropped. Audited.
    """
    with transaction.atomic():
        existing = Velferdshendelse.objects.filter(
            avsender=avsender, ekstern_id=data.ekstern_id
        ).first()
        if existing is not None:
            return existing, False
        hendelse = Velferdshendelse(
            avsender=avsender,
            ekstern_id=data.ekstern_id,
            type=data.type,
            kode=data.kode,
            alvorlighet=data.alvorlighet,
            tidspunkt=data.tidspunkt,
            utstyr_ref=data.utstyr_ref,
            pasient_ref=data.pasient_ref,
            tekst=data.tekst,
            verdier=data.verdier,
            status=HendelseStatus.PARKERT,
        )
        hendelse.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                hendelse.save(force_insert=True)
        except IntegrityError:
            pass
        else:
            grunn = _resolve(hendelse)
            if grunn is not None:
                _park(hendelse, grunn)
            else:
                hendelse_apply(hendelse)
            if hendelse.status == HendelseStatus.BEHANDLET:
                audit_log(
                    actor=None,
                    event=AuditEvent.VFT_HENDELSE_RECEIVED,
                    target=hendelse,
                    pasient_id=hendelse.pasient_id,
                    extra={"type": hendelse.type, "avsender": avsender.nokkel_id},
                )
            return hendelse, True
    # Lost the race to a concurrent copy: answer with the one that won.
    return Velferdshendelse.objects.get(avsender=avsender, ekstern_id=data.ekstern_id), False
