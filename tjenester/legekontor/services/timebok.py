"""Writes for the appointment book (timebok): resources, slot templates, booking, moving,
cancelling, no-show and arrival.

Booking in the past, outside the resource's opening hours (its non-blocked slot templates
of the weekday) or in blocked time is refused with a Norwegian message. Two bookings of one
slot, also at the same moment, are refused by PostgreSQL (`timeavtale_ingen_dobbeltbooking`);
the IntegrityError becomes the same Norwegian message."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log, audit_log_many
from core.exceptions import ApplicationError, NotFound
from core.klokke import naa
from core.models import Action, Ansatt
from core.validators import validate_ren_tekst
from journal.access import actor_require
from journal.models import Pasient
from tjenester.legekontor.models import (
    DOBBELTBOOKING_CONSTRAINT,
    Ressurs,
    RessursType,
    Tidstype,
    Timeavtale,
    Timemal,
    TimeStatus,
)
from tjenester.legekontor.services.felles import kontor_for

MAX_TEKST = 200


def _tekst(value: str, field: str) -> str:
    value = value.strip()
    if len(value) > MAX_TEKST:
        raise ValidationError({field: [_("Høyst %(n)d tegn.") % {"n": MAX_TEKST}]})
    try:
        validate_ren_tekst(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    return value


@transaction.atomic
def ressurs_create(
    *,
    actor: Ansatt | None,
    navn: str,
    type: str,
    ansatt_id: uuid.UUID | str | None = None,
    enhet_id: uuid.UUID | None = None,
) -> Ressurs:
    """A bookable resource (GP, nurse, lab) at the office."""
    actor_require(actor, Action.MANAGE_RELATIONS)
    kontor = kontor_for(actor, enhet_id)
    if type not in RessursType.values:
        raise ValidationError({"type": [_("Velg lege, sykepleier eller laboratorium.")]})
    ansatt = None
    if ansatt_id:
        ansatt = Ansatt.objects.filter(pk=ansatt_id, tilknytninger__enhet=kontor).first()
        if ansatt is None:
            raise ValidationError({"ansatt": [_("Velg en ansatt ved legekontoret.")]})
    ressurs = Ressurs(enhet=kontor, navn=_tekst(navn, "navn"), type=type, ansatt=ansatt)
    ressurs.full_clean(exclude=["nummer"])
    ressurs.save()
    ressurs.refresh_from_db(fields=["nummer"])
    return ressurs


def _ressurs(
    actor: Ansatt | None, ressurs_id: uuid.UUID | str, enhet_id: uuid.UUID | None
) -> Ressurs:
    kontor = kontor_for(actor, enhet_id)
    try:
        ressurs = Ressurs.objects.filter(pk=ressurs_id, enhet=kontor, aktiv=True).first()
    except (ValueError, ValidationError) as exc:
        raise NotFound from exc
    if ressurs is None:
        raise NotFound
    return ressurs


def mal_rights_require(actor: Ansatt | None) -> None:
    """Who may change the slot templates (see `timemal_create`)."""
    actor_require(actor, Action.BOOK_TIME)
    actor_require(actor, Action.MANAGE_RELATIONS)


@transaction.atomic
def timemal_delete(
    *, actor: Ansatt | None, timemal_id: uuid.UUID | str, enhet_id: uuid.UUID | None = None
) -> None:
    """Remove a slot template of the office (booked appointments stay as they are).
    Audited (TIMEMAL_DELETED) with what it was."""
    mal_rights_require(actor)
    kontor = kontor_for(actor, enhet_id)
    try:
        mal = Timemal.objects.filter(pk=timemal_id, ressurs__enhet=kontor).first()
    except (ValueError, ValidationError) as exc:
        raise NotFound from exc
    if mal is None:
        raise NotFound
    audit_log(
        actor=actor,
        event=AuditEvent.TIMEMAL_DELETED,
        target=mal,
        extra={
            "ressurs_id": str(mal.ressurs_id),
            "ukedag": mal.ukedag,
            "fra": mal.fra.isoformat(),
            "til": mal.til.isoformat(),
            "type": mal.type,
        },
    )
    mal.delete()


@transaction.atomic
def timemal_create(
    *,
    actor: Ansatt | None,
    ressurs_id: uuid.UUID | str,
    ukedag: int,
    fra: dt.time,
    til: dt.time,
    lengde_min: int = 20,
    type: str = Tidstype.ORDINAER,
    enhet_id: uuid.UUID | None = None,
) -> Timemal:
    """A slot template for a weekday. Templates of one resource and day may not overlap.
    Kept by those who run the office: the book right and the relations right (the GPs and
    the leader, not the receptionist)."""
    mal_rights_require(actor)
    ressurs = _ressurs(actor, ressurs_id, enhet_id)
    if type not in Tidstype.values:
        raise ValidationError({"type": [_("Velg type tid.")]})
    if not 0 <= ukedag <= 6:
        raise ValidationError({"ukedag": [_("Velg en ukedag.")]})
    if til <= fra:
        raise ValidationError({"til": [_("Slutt må være etter start.")]})
    if Timemal.objects.filter(ressurs=ressurs, ukedag=ukedag, fra__lt=til, til__gt=fra).exists():
        raise ValidationError({"fra": [_("Tiden overlapper en annen timemal denne dagen.")]})
    mal = Timemal(
        ressurs=ressurs, ukedag=ukedag, fra=fra, til=til, lengde_min=lengde_min, type=type
    )
    mal.full_clean()
    mal.save()
    audit_log(
        actor=actor,
        event=AuditEvent.TIMEMAL_SAVED,
        target=mal,
        extra={"ressurs_id": str(ressurs.pk), "ukedag": ukedag},
    )
    return mal


def mal_for(
    ressurs: Ressurs,
    start: dt.datetime,
    slutt: dt.datetime,
    alle_maler: list[Timemal] | None = None,
) -> Timemal:
    """The template whose time holds [start, slutt) on its day, or a Norwegian refusal.
    `alle_maler` are the resource's templates when already loaded (bulk booking)."""
    lokal_start = timezone.localtime(start)
    lokal_slutt = timezone.localtime(slutt)
    if lokal_start.date() != lokal_slutt.date() and lokal_slutt.time() != dt.time(0):
        raise ValidationError({"start": [_("Timen må ligge innenfor én dag.")]})
    if alle_maler is None:
        maler = list(Timemal.objects.filter(ressurs=ressurs, ukedag=lokal_start.weekday()))
    else:
        maler = [m for m in alle_maler if m.ukedag == lokal_start.weekday()]
    for mal in maler:
        if mal.fra <= lokal_start.time() and lokal_slutt.time() <= mal.til:
            if mal.type == Tidstype.BLOKKERT:
                raise ValidationError({"start": [_("Tiden er blokkert.")]})
            return mal
    raise ValidationError({"start": [_("Tiden er utenfor åpningstiden.")]})


def _tid_check(
    ressurs: Ressurs,
    start: dt.datetime,
    lengde_min: int | None,
    alle_maler: list[Timemal] | None = None,
) -> tuple[dt.datetime, Timemal]:
    if timezone.is_naive(start):
        raise ValidationError({"start": [_("Oppgi tidspunkt med tidssone.")]})
    if start < naa():
        raise ValidationError({"start": [_("Du kan ikke booke en time tilbake i tid.")]})
    foreloepig = start + dt.timedelta(minutes=lengde_min or 5)
    mal = mal_for(ressurs, start, foreloepig, alle_maler)
    slutt = start + dt.timedelta(minutes=lengde_min or mal.lengde_min)
    mal_for(ressurs, start, slutt, alle_maler)
    return slutt, mal


def _save_or_refuse(time: Timeavtale, update_fields: list[str] | None = None) -> None:
    try:
        with transaction.atomic():
            if update_fields is None:
                time.save()
            else:
                time.save(update_fields=update_fields)
    except IntegrityError as exc:
        if DOBBELTBOOKING_CONSTRAINT in str(exc):
            raise ApplicationError(
                _("Tiden er allerede booket. Velg en annen tid."), {"field": "start"}
            ) from exc
        raise


@transaction.atomic
def time_book(
    *,
    actor: Ansatt | None,
    ressurs_id: uuid.UUID | str,
    start: dt.datetime,
    pasient_id: uuid.UUID | str | None = None,
    identifikator: str = "",
    lengde_min: int | None = None,
    aarsak: str = "",
    enhet_id: uuid.UUID | None = None,
    tillat_fortid: bool = False,
) -> Timeavtale:
    """Book a patient (by id or fødselsnummer) with a resource. The slot kind (ordinary or
    emergency) follows the template. Audited (TIME_BOOKED). `tillat_fortid` is for the
    system's demo history."""
    actor_require(actor, Action.BOOK_TIME)
    ressurs = _ressurs(actor, ressurs_id, enhet_id)
    if not pasient_id:
        ident = "".join(identifikator.split())
        funnet = Pasient.objects.only("id").filter(identifikator=ident).first() if ident else None
        if funnet is None:
            raise ValidationError({"identifikator": [_("Fant ingen pasient med dette nummeret.")]})
        pasient_id = funnet.pk
    try:
        pasient = Pasient.objects.only("id", "dodsdato").filter(pk=pasient_id).first()
    except (ValueError, ValidationError) as exc:
        raise NotFound from exc
    if pasient is None or pasient.dodsdato is not None:
        raise NotFound
    if lengde_min is not None and not 5 <= lengde_min <= 240:
        raise ValidationError({"lengde_min": [_("Lengden må være mellom 5 og 240 minutter.")]})
    if tillat_fortid and actor is None:
        slutt = start + dt.timedelta(minutes=lengde_min or 20)
        mal = mal_for(ressurs, start, slutt)
    else:
        slutt, mal = _tid_check(ressurs, start, lengde_min)
    time = Timeavtale(
        pasient_id=pasient.pk,
        enhet_id=ressurs.enhet_id,
        ressurs=ressurs,
        ressurs_nr=ressurs.nummer,
        start=start,
        slutt=slutt,
        type=mal.type,
        aarsak=_tekst(aarsak, "aarsak"),
        booket_av=actor if actor is not None else _system_booker(ressurs),
    )
    # keys loaded above; overlaps are the exclusion constraint's (caught on save)
    time.full_clean(
        exclude=["pasient", "enhet", "ressurs", "booket_av"], validate_constraints=False
    )
    _save_or_refuse(time)
    audit_log(
        actor=actor,
        event=AuditEvent.TIME_BOOKED,
        target=time,
        pasient_id=pasient.pk,
        extra={"ressurs_id": str(ressurs.pk), "start": start.isoformat()},
    )
    return time


def _system_booker(ressurs: Ressurs) -> Ansatt:
    if ressurs.ansatt_id is None:
        raise ValidationError({"ressurs": [_("Ressursen har ingen ansatt.")]})
    return Ansatt.objects.get(pk=ressurs.ansatt_id)


def _time(actor: Ansatt | None, time_id: uuid.UUID | str, enhet_id: uuid.UUID | None) -> Timeavtale:
    kontor = kontor_for(actor, enhet_id)
    try:
        time = (
            Timeavtale.objects.select_for_update()
            .select_related("ressurs")
            .filter(pk=time_id, enhet=kontor)
            .first()
        )
    except (ValueError, ValidationError) as exc:
        raise NotFound from exc
    if time is None:
        raise NotFound
    return time


def _must_be(time: Timeavtale, *statuses: str) -> None:
    if time.status not in statuses:
        raise ApplicationError(
            _("Timen er %(status)s og kan ikke endres slik.")
            % {"status": time.get_status_display().lower()}
        )


@transaction.atomic
def time_move(
    *,
    actor: Ansatt | None,
    time_id: uuid.UUID | str,
    start: dt.datetime,
    ressurs_id: uuid.UUID | str | None = None,
    enhet_id: uuid.UUID | None = None,
) -> Timeavtale:
    """Move a booked appointment to another time (and resource). Audited (TIME_MOVED)."""
    actor_require(actor, Action.BOOK_TIME)
    time = _time(actor, time_id, enhet_id)
    _must_be(time, TimeStatus.BOOKET)
    ressurs = _ressurs(actor, ressurs_id, enhet_id) if ressurs_id else time.ressurs
    lengde = int((time.slutt - time.start).total_seconds() // 60)
    fra = time.start
    slutt, mal = _tid_check(ressurs, start, lengde)
    time.ressurs = ressurs
    time.ressurs_nr = ressurs.nummer
    time.start = start
    time.slutt = slutt
    time.type = mal.type
    _save_or_refuse(time, ["ressurs", "ressurs_nr", "start", "slutt", "type", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.TIME_MOVED,
        target=time,
        pasient_id=time.pasient_id,
        extra={"fra": fra.isoformat(), "til": start.isoformat()},
    )
    return time


@transaction.atomic
def time_cancel(
    *,
    actor: Ansatt | None,
    time_id: uuid.UUID | str,
    grunn: str,
    enhet_id: uuid.UUID | None = None,
) -> Timeavtale:
    """Cancel a booked appointment with a reason; frees the slot. Audited (TIME_CANCELLED)."""
    actor_require(actor, Action.BOOK_TIME)
    time = _time(actor, time_id, enhet_id)
    _must_be(time, TimeStatus.BOOKET)
    grunn = _tekst(grunn, "grunn")
    if not grunn:
        raise ValidationError({"grunn": [_("Skriv grunnen til avlysningen.")]})
    time.status = TimeStatus.AVLYST
    time.avlyst_grunn = grunn
    time.save(update_fields=["status", "avlyst_grunn", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.TIME_CANCELLED,
        target=time,
        pasient_id=time.pasient_id,
        extra={"grunn": grunn},
    )
    return time


@transaction.atomic
def time_no_show(
    *, actor: Ansatt | None, time_id: uuid.UUID | str, enhet_id: uuid.UUID | None = None
) -> Timeavtale:
    """Mark that the patient did not come (only once the appointment has started)."""
    actor_require(actor, Action.BOOK_TIME)
    time = _time(actor, time_id, enhet_id)
    _must_be(time, TimeStatus.BOOKET)
    if time.start > naa():
        raise ApplicationError(_("Timen har ikke begynt ennå."))
    time.status = TimeStatus.IKKE_MOETT
    time.save(update_fields=["status", "updated_at"])
    audit_log(actor=actor, event=AuditEvent.TIME_NO_SHOW, target=time, pasient_id=time.pasient_id)
    return time


@transaction.atomic
def time_arrive(
    *, actor: Ansatt | None, time_id: uuid.UUID | str, enhet_id: uuid.UUID | None = None
) -> Timeavtale:
    """Register at the desk that the patient has arrived: the GP's waiting room shows it."""
    actor_require(actor, Action.BOOK_TIME)
    time = _time(actor, time_id, enhet_id)
    _must_be(time, TimeStatus.BOOKET)
    if timezone.localtime(time.start).date() != timezone.localtime(naa()).date():
        raise ApplicationError(_("Ankomst kan bare registreres på timens dag."))
    time.status = TimeStatus.ANKOMMET
    time.ankommet_at = naa()
    time.save(update_fields=["status", "ankommet_at", "updated_at"])
    audit_log(actor=actor, event=AuditEvent.TIME_ARRIVED, target=time, pasient_id=time.pasient_id)
    return time


@transaction.atomic
def timer_book_many(
    *,
    actor: Ansatt | None,
    ressurs_id: uuid.UUID | str,
    bookinger: Sequence[tuple[uuid.UUID, dt.datetime, str]],
    enhet_id: uuid.UUID | None = None,
    tillat_fortid: bool = False,
) -> list[Timeavtale]:
    """Book many (patient id, start, reason) with one resource at once — the rules of
    `time_book` (opening hours, blocked time, no past unless the system's demo history, no
    double booking) in a handful of queries; all or nothing. Audited (TIME_BOOKED per
    booking, one INSERT)."""
    actor_require(actor, Action.BOOK_TIME)
    ressurs = _ressurs(actor, ressurs_id, enhet_id)
    if not bookinger:
        return []
    ids = {pasient_id for pasient_id, _start, _aarsak in bookinger}
    try:
        levende = set(
            Pasient.objects.filter(pk__in=ids, dodsdato__isnull=True).values_list("pk", flat=True)
        )
    except (ValueError, ValidationError) as exc:
        raise NotFound from exc
    if levende != ids:
        raise NotFound
    alle_maler = list(Timemal.objects.filter(ressurs=ressurs))
    booker = actor if actor is not None else _system_booker(ressurs)
    timer = []
    for pasient_id, start, aarsak in bookinger:
        if tillat_fortid and actor is None:
            slutt = start + dt.timedelta(minutes=20)
            mal = mal_for(ressurs, start, slutt, alle_maler)
        else:
            slutt, mal = _tid_check(ressurs, start, None, alle_maler)
        time = Timeavtale(
            pasient_id=pasient_id,
            enhet_id=ressurs.enhet_id,
            ressurs=ressurs,
            ressurs_nr=ressurs.nummer,
            start=start,
            slutt=slutt,
            type=mal.type,
            aarsak=_tekst(aarsak, "aarsak"),
            booket_av=booker,
        )
        time.full_clean(
            exclude=["pasient", "enhet", "ressurs", "booket_av"],
            validate_unique=False,
            validate_constraints=False,
        )
        timer.append(time)
    try:
        with transaction.atomic():
            Timeavtale.objects.bulk_create(timer)
    except IntegrityError as exc:
        if DOBBELTBOOKING_CONSTRAINT in str(exc):
            raise ApplicationError(
                _("Tiden er allerede booket. Velg en annen tid."), {"field": "start"}
            ) from exc
        raise
    audit_log_many(
        actor=actor,
        event=AuditEvent.TIME_BOOKED,
        targets=timer,
        extra={"ressurs_id": str(ressurs.pk)},
    )
    return timer
