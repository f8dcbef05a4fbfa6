"""The appointment book: booking rules, no double booking (also enforced by PostgreSQL),
move, cancel, no-show, arrival and the GP's waiting room."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.exceptions import ApplicationError, NotFound
from core.models import Ansatt
from tests.acting import acting_as
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory
from tests.tjenester.legekontor.conftest import Kontor
from tjenester.legekontor.models import Timeavtale, TimeStatus
from tjenester.legekontor.selectors import timebok_dag, timebok_uke, venterom
from tjenester.legekontor.services import (
    time_arrive,
    time_book,
    time_cancel,
    time_move,
    time_no_show,
)


def _book(kontor: Kontor, start: dt.datetime, who: Ansatt | None = None, **kw: Any) -> Timeavtale:
    booker = who or kontor.sekretaer
    with acting_as(booker):
        return time_book(
            actor=booker,
            ressurs_id=kontor.ressurs.pk,
            pasient_id=kw.pop("pasient_id", None) or PasientFactory().pk,
            start=start,
            **kw,
        )


@pytest.mark.django_db
def test_the_receptionist_books_a_slot_of_the_template_length(kontor: Kontor) -> None:
    time = _book(kontor, kontor.kl(10), aarsak="Kontroll blodtrykk")
    assert time.slutt - time.start == dt.timedelta(minutes=20)
    assert time.status == TimeStatus.BOOKET
    assert time.booket_av == kontor.sekretaer


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("time", "minutt", "dager", "melding"),
    [
        (8, 0, 0, "tilbake i tid"),
        (7, 0, 1, "utenfor åpningstiden"),
        (16, 0, 1, "utenfor åpningstiden"),
        (10, 50, 1, "utenfor åpningstiden"),  # runs past 11:00 into blocked time
        (11, 20, 1, "blokkert"),
    ],
)
def test_booking_in_the_past_or_outside_hours_is_refused_in_norwegian(
    kontor: Kontor, time: int, minutt: int, dager: int, melding: str
) -> None:
    with pytest.raises(ValidationError, match=melding):
        _book(kontor, kontor.kl(time, minutt, dager))
    assert not Timeavtale.objects.exists()


@pytest.mark.django_db
def test_an_overlapping_booking_is_refused(kontor: Kontor) -> None:
    _book(kontor, kontor.kl(10))
    with pytest.raises(ApplicationError, match="allerede booket"):
        _book(kontor, kontor.kl(10, 10))
    # adjacent is fine (half-open)
    _book(kontor, kontor.kl(10, 20))
    assert Timeavtale.objects.count() == 2


@pytest.mark.django_db
def test_postgresql_refuses_a_double_booking_that_bypasses_the_service(kontor: Kontor) -> None:
    first = _book(kontor, kontor.kl(10))
    with pytest.raises(IntegrityError), transaction.atomic():
        Timeavtale.objects.create(
            pasient=PasientFactory(),
            enhet=kontor.enhet,
            ressurs=kontor.ressurs,
            ressurs_nr=kontor.ressurs.nummer,
            start=first.start + dt.timedelta(minutes=5),
            slutt=first.slutt + dt.timedelta(minutes=5),
            booket_av=kontor.sekretaer,
        )


@pytest.mark.django_db
def test_a_cancelled_slot_can_be_booked_again(kontor: Kontor) -> None:
    time = _book(kontor, kontor.kl(10))
    with acting_as(kontor.sekretaer), pytest.raises(ValidationError, match="grunnen"):
        time_cancel(actor=kontor.sekretaer, time_id=time.pk, grunn=" ")
    with acting_as(kontor.sekretaer):
        time_cancel(actor=kontor.sekretaer, time_id=time.pk, grunn="Syk")
    ny = _book(kontor, kontor.kl(10))
    assert ny.pk != time.pk


@pytest.mark.django_db
def test_moving_checks_the_new_time_like_a_booking(kontor: Kontor) -> None:
    a = _book(kontor, kontor.kl(10))
    b = _book(kontor, kontor.kl(13))
    with acting_as(kontor.sekretaer):
        with pytest.raises(ApplicationError, match="allerede booket"):
            time_move(actor=kontor.sekretaer, time_id=b.pk, start=kontor.kl(10))
        moved = time_move(actor=kontor.sekretaer, time_id=b.pk, start=kontor.kl(14))
    assert moved.start == kontor.kl(14)
    assert a.pk != b.pk


@pytest.mark.django_db
def test_arrival_puts_the_patient_in_the_gps_waiting_room(kontor: Kontor) -> None:
    time = _book(kontor, kontor.kl(10))
    _book(kontor, kontor.kl(10, 20))
    with acting_as(kontor.sekretaer):
        time_arrive(actor=kontor.sekretaer, time_id=time.pk)
    with acting_as(kontor.lege):
        rom = venterom(actor=kontor.lege, dag=kontor.dag)
    assert [t.pk for t in rom] == [time.pk]
    # the desk sees the office's waiting room too
    with acting_as(kontor.sekretaer):
        assert [t.pk for t in venterom(actor=kontor.sekretaer, dag=kontor.dag)] == [time.pk]


@pytest.mark.django_db
def test_no_show_only_after_the_start(kontor: Kontor) -> None:
    time = _book(kontor, kontor.kl(10))
    with acting_as(kontor.sekretaer), pytest.raises(ApplicationError, match="ikke begynt"):
        time_no_show(actor=kontor.sekretaer, time_id=time.pk)


@pytest.mark.django_db
def test_day_and_week_views_show_the_book_and_hide_cancelled(kontor: Kontor) -> None:
    a = _book(kontor, kontor.kl(10))
    b = _book(kontor, kontor.kl(13, dager=1))
    c = _book(kontor, kontor.kl(14))
    with acting_as(kontor.sekretaer):
        time_cancel(actor=kontor.sekretaer, time_id=c.pk, grunn="Avbestilt")
        _ressurs, dag = timebok_dag(
            actor=kontor.sekretaer, ressurs_id=kontor.ressurs.pk, dag=kontor.dag
        )
        _ressurs, uke = timebok_uke(
            actor=kontor.sekretaer, ressurs_id=kontor.ressurs.pk, mandag=kontor.dag
        )
    assert [t.pk for t in dag.items] == [a.pk]
    assert [t.pk for t in uke[kontor.dag + dt.timedelta(days=1)]] == [b.pk]


@pytest.mark.django_db
def test_another_office_gets_the_same_404(kontor: Kontor) -> None:
    time = _book(kontor, kontor.kl(10))
    annen = actor(
        EnhetFactory(type="legekontor", virksomhet=kontor.enhet.virksomhet),
        "helsesekretaer",
        username="annen-sekr",
    )
    with acting_as(annen):
        with pytest.raises(NotFound):
            time_arrive(actor=annen, time_id=time.pk)
        with pytest.raises(NotFound):
            timebok_dag(actor=annen, ressurs_id=kontor.ressurs.pk, dag=kontor.dag)


@pytest.mark.django_db
def test_a_role_without_the_right_cannot_book(kontor: Kontor) -> None:
    hjelper = actor(kontor.enhet, "helsefagarbeider", username="lk-hfa")
    with pytest.raises(ApplicationError):
        _book(kontor, kontor.kl(10), who=hjelper)


@pytest.mark.django_db
def test_many_bookings_at_once_follow_the_books_rules_all_or_nothing(
    kontor: Kontor, django_assert_max_num_queries: Any
) -> None:
    from core.audit import AuditEvent
    from core.models import AuditLogg
    from tjenester.legekontor.services import timer_book_many

    pasienter = [PasientFactory() for _ in range(6)]
    dag = [
        (p.pk, kontor.kl(12, dager=1) + dt.timedelta(minutes=20 * i), "Kontroll")
        for i, p in enumerate(pasienter)
    ]
    with acting_as(kontor.sekretaer), django_assert_max_num_queries(12):
        timer = timer_book_many(actor=kontor.sekretaer, ressurs_id=kontor.ressurs.pk, bookinger=dag)
    assert [t.start for t in timer] == [start for _p, start, _a in dag]
    assert Timeavtale.objects.filter(status=TimeStatus.BOOKET).count() == 6
    assert AuditLogg.objects.filter(hendelse=AuditEvent.TIME_BOOKED).count() == 6
    # one bad time refuses the whole batch with the single booking's message
    for start, melding in (
        (kontor.kl(11, 20, dager=2), "blokkert"),
        (kontor.kl(8), "tilbake i tid"),
        (kontor.kl(12, dager=1), "allerede booket"),
    ):
        with acting_as(kontor.sekretaer), pytest.raises((ValidationError, ApplicationError)) as e:
            timer_book_many(
                actor=kontor.sekretaer,
                ressurs_id=kontor.ressurs.pk,
                bookinger=[
                    (pasienter[0].pk, kontor.kl(9, dager=2), ""),
                    (pasienter[1].pk, start, ""),
                ],
            )
        assert melding in str(e.value)
    assert Timeavtale.objects.count() == 6
    # the receptionist of another office: the same 404 as for a resource that is not there
    annet = EnhetFactory(type="legekontor")
    fremmed = actor(annet, "helsesekretaer", username="lk-annen-sekr")
    with acting_as(fremmed), pytest.raises(NotFound):
        timer_book_many(actor=fremmed, ressurs_id=kontor.ressurs.pk, bookinger=dag[:1])
