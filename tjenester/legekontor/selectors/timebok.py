"""Reads of the appointment book: a resource's day and week, the GP's waiting room.

The book is the office's own record (restrict_unit_records with book_time); each patient
shown is read-audited in one INSERT (TIMEBOK_LISTED / VENTEROM_LISTED). Fixed query count."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import acting_enhet_id
from core.exceptions import NotFound
from core.models import Action, Ansatt
from journal.access import actor_can, restrict_unit_records
from tjenester.legekontor.models import Ressurs, Timeavtale, Timemal, TimeStatus

DAG_STORRELSE = 100
SYNLIGE = [s for s in TimeStatus.values if s != TimeStatus.AVLYST]


def _dag_grenser(dag: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    fra = dt.datetime.combine(dag, dt.time(0), tzinfo=tz)
    return fra, fra + dt.timedelta(days=1)


def _ressurs(actor: Ansatt | None, ressurs_id: uuid.UUID | str) -> Ressurs:
    try:
        ressurs = (
            restrict_unit_records(Ressurs.objects.all(), actor, action=Action.BOOK_TIME)
            .filter(pk=ressurs_id)
            .first()
        )
    except (ValueError, ValidationError) as exc:
        raise NotFound from exc
    if ressurs is None:
        raise NotFound
    return ressurs


@transaction.atomic
def timebok_dag(
    *,
    actor: Ansatt | None,
    ressurs_id: uuid.UUID | str,
    dag: dt.date,
    side: int = 1,
    storrelse: int = DAG_STORRELSE,
) -> tuple[Ressurs, Side[Timeavtale]]:
    """One resource's appointments on a day (cancelled ones left out), in time order, one
    page (a day of 20-minute slots fits on the first). Three queries whatever the count."""
    ressurs = _ressurs(actor, ressurs_id)
    fra, til = _dag_grenser(dag)
    timer = side_fetch(
        restrict_unit_records(
            Timeavtale.objects.select_related("pasient"), actor, action=Action.BOOK_TIME
        )
        .filter(ressurs=ressurs, start__gte=fra, start__lt=til, status__in=SYNLIGE)
        .order_by("start", "id"),
        nummer=side,
        storrelse=storrelse,
    )
    if timer.items:
        audit_log_many(actor=actor, event=AuditEvent.TIMEBOK_LISTED, targets=timer.items)
    return ressurs, timer


def ressurser_list(*, actor: Ansatt | None, side: int = 1) -> Side[Ressurs]:
    """The acting office's bookable resources."""
    return side_fetch(
        restrict_unit_records(
            Ressurs.objects.filter(aktiv=True).select_related("ansatt"),
            actor,
            action=Action.BOOK_TIME,
        ).order_by("navn", "id"),
        nummer=side,
        storrelse=100,
    )


@transaction.atomic
def timebok_uke(
    *, actor: Ansatt | None, ressurs_id: uuid.UUID | str, mandag: dt.date
) -> tuple[Ressurs, dict[dt.date, list[Timeavtale]]]:
    """A resource's week from `mandag`: appointments per day."""
    ressurs = _ressurs(actor, ressurs_id)
    fra, _til = _dag_grenser(mandag)
    til = fra + dt.timedelta(days=7)
    timer = list(
        restrict_unit_records(
            Timeavtale.objects.select_related("pasient"), actor, action=Action.BOOK_TIME
        ).filter(ressurs=ressurs, start__gte=fra, start__lt=til, status__in=SYNLIGE)
    )
    uke: dict[dt.date, list[Timeavtale]] = {mandag + dt.timedelta(days=i): [] for i in range(7)}
    for time in timer:
        uke.setdefault(timezone.localtime(time.start).date(), []).append(time)
    if timer:
        audit_log_many(actor=actor, event=AuditEvent.TIMEBOK_LISTED, targets=timer)
    return ressurs, uke


@transaction.atomic
def venterom(*, actor: Ansatt | None, dag: dt.date) -> list[Timeavtale]:
    """The waiting room: today's arrived patients (and the one with the GP), in arrival
    order — for a GP those booked with the GP, for the desk those of the whole office."""
    if actor is None or not (
        actor_can(actor, Action.BOOK_TIME) or actor_can(actor, Action.WRITE_NOTE)
    ):
        return []
    fra, til = _dag_grenser(dag)
    hvem = {"ressurs__ansatt": actor} if actor_can(actor, Action.WRITE_NOTE) else {}
    timer = list(
        Timeavtale.objects.select_related("pasient", "ressurs")
        .filter(
            enhet_id=acting_enhet_id(),
            **hvem,
            start__gte=fra,
            start__lt=til,
            status__in=[TimeStatus.ANKOMMET, TimeStatus.PAAGAAR],
        )
        .order_by("ankommet_at", "start")
    )
    if timer:
        audit_log_many(actor=actor, event=AuditEvent.VENTEROM_LISTED, targets=timer)
    return timer


@transaction.atomic
def time_get(*, actor: Ansatt | None, time_id: uuid.UUID | str) -> Timeavtale:
    """One appointment of the acting office (to move it); another office's is 404.
    Audited (TIME_READ)."""
    try:
        time = (
            restrict_unit_records(
                Timeavtale.objects.select_related("pasient", "ressurs"),
                actor,
                action=Action.BOOK_TIME,
            )
            .filter(pk=time_id)
            .first()
        )
    except (ValueError, ValidationError) as exc:
        raise NotFound from exc
    if time is None:
        raise NotFound
    audit_log(actor=actor, event=AuditEvent.TIME_READ, target=time, pasient_id=time.pasient_id)
    return time


def timemaler_list(
    *, actor: Ansatt | None, ressurs_id: uuid.UUID | str
) -> tuple[Ressurs, list[Timemal]]:
    """A resource of the acting office with its slot templates by weekday and time (no
    patient data: not audited). Another office's resource is 404."""
    ressurs = _ressurs(actor, ressurs_id)
    return ressurs, list(ressurs.maler.order_by("ukedag", "fra", "id"))
