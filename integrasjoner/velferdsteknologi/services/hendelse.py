"""Writes for welfare technology: senders and devices, inbound events (dedupe, park, alarm,
vitals, thresholds), the response queue (acknowledge, close, journal note), matching of
parked events, and the outbox receiver that reports alarm status to the alarm central.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.context import RequestContext, context_get, new_request_id, request_context
from core.exceptions import ApplicationError, NotFound
from core.models import Action, Ansatt, Enhet, Levering, Utbokshendelse
from core.outbox import outbox_publish
from integrasjoner.velferdsteknologi.client import alarmstatus_send
from integrasjoner.velferdsteknologi.models import (
    ALARMTYPER,
    STANDARD_ALVORLIGHET,
    Alarm,
    AlarmStatus,
    AlarmUtfall,
    Alvorlighet,
    Avsendersystem,
    HendelseStatus,
    HendelseType,
    Parameter,
    Terskel,
    Utstyr,
    UtstyrType,
    Velferdshendelse,
)
from integrasjoner.velferdsteknologi.schemas import HendelseInn, alarmstatus_melding
from journal.access import access_scoped, actor_can, actor_require
from journal.models import Notattype, Pasient
from journal.services import journalnotat_create, journalnotat_sign, maling_create
from journal.services.notat import FRITEKST

ALARMSENTRAL = "velferdsteknologi.alarmsentral"
HENDELSE_KVITTERT = "velferdsteknologi.alarm_kvittert"
HENDELSE_LUKKET = "velferdsteknologi.alarm_lukket"
ALARMSENTRAL_HENDELSER = {HENDELSE_KVITTERT, HENDELSE_LUKKET}
NOTATTYPE = "velferdsteknologi"  # seeded by this app's migration
MAX_DOKUMENTASJON = 5000

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
ENHETER: dict[str, str] = {
    "systolisk": "mmHg",
    "diastolisk": "mmHg",
    "puls": "/min",
    "spo2": "%",
    "vekt": "kg",
    "blodsukker": "mmol/l",
}


# --- outbox receiver -----------------------------------------------------------------------


def alarmstatus_deliver(hendelse: Utbokshendelse, levering: Levering) -> None:
    """Outbox receiver: the stored message goes to the alarm central, keyed by the delivery."""
    alarmstatus_send(melding=hendelse.payload, idempotency_key=str(levering.id))


# --- senders and devices -------------------------------------------------------------------


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
    utstyr.installert_dato = installert_dato or timezone.localdate()
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


# --- thresholds ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Brudd:
    parameter: str
    verdi: Decimal
    grense: Decimal
    over: bool
    alvorlighet: int


def terskler_for(pasient_id: uuid.UUID) -> dict[str, Terskel]:
    """The thresholds that apply to a patient: their own, else the default, per value."""
    rows = Terskel.objects.filter(pasient_id__isnull=True) | Terskel.objects.filter(
        pasient_id=pasient_id
    )
    result: dict[str, Terskel] = {}
    for terskel in rows.order_by("parameter", "pasient_id"):  # NULL (default) sorts last
        result.setdefault(terskel.parameter, terskel)
    return result


def terskel_brudd(pasient_id: uuid.UUID, verdier: dict[str, object]) -> list[Brudd]:
    found = []
    for parameter, terskel in terskler_for(pasient_id).items():
        if parameter not in verdier:
            continue
        verdi = Decimal(str(verdier[parameter]))
        if terskel.maksimum is not None and verdi > terskel.maksimum:
            found.append(Brudd(parameter, verdi, terskel.maksimum, True, terskel.alvorlighet))
        elif terskel.minimum is not None and verdi < terskel.minimum:
            found.append(Brudd(parameter, verdi, terskel.minimum, False, terskel.alvorlighet))
    return found


def _number(value: Decimal) -> str:
    return (f"{value:.1f}" if value != value.to_integral() else f"{value:.0f}").replace(".", ",")


def _brudd_tekst(brudd: Brudd) -> str:
    return _("%(navn)s %(verdi)s %(enhet)s %(retning)s grensen %(grense)s") % {
        "navn": Parameter(brudd.parameter).label,
        "verdi": _number(brudd.verdi),
        "enhet": ENHETER[brudd.parameter],
        "retning": _("over") if brudd.over else _("under"),
        "grense": _number(brudd.grense),
    }


@transaction.atomic
def terskel_set(
    *,
    actor: Ansatt,
    parameter: str,
    minimum: Decimal | None,
    maksimum: Decimal | None,
    alvorlighet: int = Alvorlighet.MODERAT,
    pasient_id: uuid.UUID | str | None = None,
) -> Terskel:
    """Set a threshold for one patient (RESPOND_ALARM and access to the patient) or the
    default (ADMIN). Audited with old and new limits."""
    pasient: Pasient | None = None
    if pasient_id is None:
        _require_admin(actor)
    else:
        actor_require(actor, Action.RESPOND_ALARM)
        pasient = access_scoped(
            actor,
            Pasient.objects.all(),
            pasient_id,
            action=Action.RESPOND_ALARM,
            pasient_field="pk",
        )
    if parameter not in Parameter.values:
        raise ValidationError({"parameter": [_("Velg en måleverdi.")]})
    if minimum is None and maksimum is None:
        raise ValidationError({"minimum": [_("Oppgi en nedre eller en øvre grense.")]})
    if minimum is not None and maksimum is not None and minimum >= maksimum:
        raise ValidationError({"maksimum": [_("Øvre grense må være høyere enn nedre.")]})
    terskel = (
        Terskel.objects.select_for_update().filter(pasient=pasient, parameter=parameter).first()
    )
    old = {"minimum": str(terskel.minimum), "maksimum": str(terskel.maksimum)} if terskel else None
    terskel = terskel or Terskel(pasient=pasient, parameter=parameter)
    terskel.minimum, terskel.maksimum = minimum, maksimum
    terskel.alvorlighet = alvorlighet
    terskel.endret_av = actor
    terskel.full_clean()
    terskel.save()
    audit_log(
        actor=actor,
        event=AuditEvent.VFT_TERSKEL_SAVED,
        target=terskel,
        pasient_id=pasient.pk if pasient else None,
        extra={
            "parameter": parameter,
            "for": old,
            "etter": {"minimum": str(minimum), "maksimum": str(maksimum)},
        },
    )
    return terskel


# --- inbound events ------------------------------------------------------------------------


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


def _apply(hendelse: Velferdshendelse) -> None:
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
            maling = maling_create(
                actor=hendelse.avsender.systembruker,
                pasient_id=pasient_id,
                data=data.maling_data(),
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
            tittel="; ".join(_brudd_tekst(b) for b in brudd),
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
    if utstyr.fjernet_dato is not None and utstyr.fjernet_dato < timezone.localdate(
        hendelse.tidspunkt
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
                _apply(hendelse)
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


@transaction.atomic
def avsender_refused_audit(*, avsender: Avsendersystem, grunn: str) -> None:
    """Record a signed request refused for a known key (bad signature, stale timestamp)."""
    audit_log(
        actor=None,
        event=AuditEvent.VFT_HENDELSE_REFUSED,
        target=avsender,
        extra={"grunn": grunn},
    )


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
    from integrasjoner.velferdsteknologi.selectors import hendelse_parked_get

    hendelse = hendelse_parked_get(actor=actor, hendelse_id=hendelse_id, lock=True)
    identifikator = identifikator.strip().replace(" ", "")
    candidates = Pasient.objects.filter(identifikator=identifikator)
    pasient_id = candidates.values_list("pk", flat=True).first()
    try:
        pasient = access_scoped(
            actor,
            candidates,
            pasient_id or uuid.uuid4(),
            action=Action.RESPOND_ALARM,
            pasient_field="pk",
        )
    except NotFound as exc:
        raise ValidationError(
            {
                "identifikator": [
                    _("Fant ingen pasient med dette fødselsnummeret som enheten din følger opp.")
                ]
            }
        ) from exc
    ctx = context_get()
    if ctx is None or ctx.enhet_id is None:  # pragma: no cover - access_scoped refused it
        raise NotFound
    if registrer_utstyr:
        utstyr = Utstyr.objects.filter(
            avsender_id=hendelse.avsender_id, ekstern_id=hendelse.utstyr_ref
        ).first() or Utstyr(
            avsender_id=hendelse.avsender_id,
            ekstern_id=hendelse.utstyr_ref,
            type=UTSTYR_FOR_TYPE[hendelse.type],
            installert_dato=timezone.localdate(),
        )
        utstyr.pasient, utstyr.enhet_id, utstyr.fjernet_dato = pasient, ctx.enhet_id, None
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
    hendelse.enhet_id = ctx.enhet_id
    hendelse.koblet_av = actor
    hendelse.parkert_grunn = ""
    _apply(hendelse)
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
    alarm.kvittert_at = timezone.now()
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
    now = timezone.now()
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


def can_journalfor(actor: Ansatt) -> bool:
    """Whether the close form offers "write a journal note" (both rights are needed)."""
    return actor_can(actor, Action.WRITE_NOTE) and actor_can(actor, Action.SIGN)
