"""Inbound events from sending systems: dedupe, park, alarm, vitals and thresholds."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
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
from legemidler.services import dosevarsel_dispenser_register

logger = logging.getLogger(__name__)

# Field checks only: the rows these point to were just read, and uniqueness is the
# database's (constraints), so full_clean need not ask PostgreSQL again for each.
_RELASJONER = ["avsender", "utstyr", "pasient", "enhet", "maling", "koblet_av", "hendelse"]


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
    hendelse.full_clean(exclude=_RELASJONER, validate_unique=False, validate_constraints=False)
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
    alarm.full_clean(exclude=_RELASJONER, validate_unique=False, validate_constraints=False)
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
        if hendelse.type == HendelseType.MEDISIN_GLEMT:
            # The dispenser's missed dose also lands on the unit's missed-dose list, linked
            # to the order due then, until someone closes it with what was done.
            dosevarsel_dispenser_register(
                pasient_id=pasient_id,
                enhet_id=enhet_id,
                tidspunkt=hendelse.tidspunkt,
                hendelse_ref=str(hendelse.pk),
                tekst=tittel,
            )
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


def _act(hendelse: Velferdshendelse, avsender: Avsendersystem) -> None:
    """Park the stored event or act on it (alarm, vitals); audited."""
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
        hendelse.full_clean(exclude=_RELASJONER, validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                hendelse.save(force_insert=True)
        except IntegrityError:
            pass
        else:
            _act(hendelse, avsender)
            return hendelse, True
    # Lost the race to a concurrent copy: answer with the one that won.
    return Velferdshendelse.objects.get(avsender=avsender, ekstern_id=data.ekstern_id), False


# --- many events in one request (batch) ------------------------------------------------------

MAKS_BATCH = 500
BEHANDLE_SAMMEN = 50  # received events acted on in one transaction
SVEIP_ETTER = dt.timedelta(seconds=30)  # a received event not processed by then is swept


@dataclass(frozen=True)
class Mottak:
    """What became of one event of a batch: stored (to be processed) or a duplicate."""

    ekstern_id: str
    id: uuid.UUID
    duplikat: bool


def _enqueue(ids: list[uuid.UUID]) -> None:
    from integrasjoner.velferdsteknologi.tasks import hendelser_behandle

    try:
        hendelser_behandle.delay([str(i) for i in ids])
    except Exception:  # broker down: the rows are stored; the sweep processes them later
        logger.warning("Could not queue %d received events; the sweep will", len(ids))


def _store_many(avsender: Avsendersystem, data: Sequence[HendelseInn]) -> list[Mottak]:
    seen = dict(
        Velferdshendelse.objects.filter(
            avsender=avsender, ekstern_id__in={d.ekstern_id for d in data}
        ).values_list("ekstern_id", "id")
    )
    new: list[Velferdshendelse] = []
    result: list[Mottak] = []
    for d in data:
        if d.ekstern_id in seen:
            result.append(Mottak(d.ekstern_id, seen[d.ekstern_id], duplikat=True))
            continue
        hendelse = Velferdshendelse(
            avsender=avsender,
            ekstern_id=d.ekstern_id,
            type=d.type,
            kode=d.kode,
            alvorlighet=d.alvorlighet,
            tidspunkt=d.tidspunkt,
            utstyr_ref=d.utstyr_ref,
            pasient_ref=d.pasient_ref,
            tekst=d.tekst,
            verdier=d.verdier,
            status=HendelseStatus.MOTTATT,
        )
        seen[d.ekstern_id] = hendelse.pk
        new.append(hendelse)
        result.append(Mottak(d.ekstern_id, hendelse.pk, duplikat=False))
    Velferdshendelse.objects.bulk_create(new)
    ids = [h.pk for h in new]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return result


def hendelser_receive(*, avsender: Avsendersystem, data: Sequence[HendelseInn]) -> list[Mottak]:
    """Store many validated events from one sender in one transaction, and queue them to
    be acted on (hendelser_process) once committed; returns what became of each, in order.

    A repeat of (sender, event id), also inside the batch, is a duplicate answered with the
    original's id, never stored twice; when a concurrent request stores one of the same ids
    first (the unique constraint decides), the batch is stored again without it. Nothing
    is acted on here: a stored event is processed by a Celery worker, and one a worker
    never finished (it died, or the broker lost the message) by the sweep after
    SVEIP_ETTER, so an event once answered is never lost. The actions (alarm, vitals,
    parking) are audited as for a single event.
    """
    if len(data) > MAKS_BATCH:
        raise ValidationError(_("Høyst %(n)d hendelser per forespørsel.") % {"n": MAKS_BATCH})
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _store_many(avsender, data)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def hendelser_process(
    *, ids: Iterable[uuid.UUID | str] | None = None, eldre_enn: dt.timedelta | None = None
) -> int:
    """Act on received events (status MOTTATT): the given ones, or those received longer
    ago than `eldre_enn` (the sweep); BEHANDLE_SAMMEN per transaction, each event in its
    own savepoint, locked (SKIP LOCKED) so two workers never act on the same event.
    Returns how many were acted on."""
    rows = Velferdshendelse.objects.filter(status=HendelseStatus.MOTTATT)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    if eldre_enn is not None:
        # created_at is real time (job bookkeeping), not the controllable clock
        rows = rows.filter(created_at__lt=timezone.now() - eldre_enn)  # noqa: TID251
    pks = list(rows.order_by("created_at").values_list("pk", flat=True)[: MAKS_BATCH * 4])
    done = 0
    for first in range(0, len(pks), BEHANDLE_SAMMEN):
        # a few dozen events per transaction (one commit), each in its own savepoint
        with transaction.atomic():
            hendelser = (
                Velferdshendelse.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("avsender__systembruker")
                .filter(pk__in=pks[first : first + BEHANDLE_SAMMEN], status=HendelseStatus.MOTTATT)
                .order_by("created_at")
            )
            for hendelse in hendelser:
                hendelse.status = HendelseStatus.PARKERT  # until acted on, as a single event
                try:
                    with transaction.atomic():
                        _act(hendelse, hendelse.avsender)
                except (ValidationError, NotFound, ValueError) as exc:
                    # a bad event is parked for a person to look at, not retried for ever
                    logger.warning("Received event %s could not be acted on: %s", hendelse.pk, exc)
                    _park(hendelse, _("Kunne ikke behandles automatisk."))
                done += 1
    return done
