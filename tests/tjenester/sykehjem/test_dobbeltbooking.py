"""No double-booking, enforced by PostgreSQL: the exclusion constraint on bed + period,
from two real database connections at once, and the edges of half-open periods."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import psycopg
import pytest
from django.db import connection

from core.exceptions import ApplicationError
from core.klokke import idag
from core.models import Ansatt, Enhet
from journal.models import Pasient
from tests.acting import acting_as
from tests.factories import PasientFactory
from tests.samtidig import at_once
from tjenester.sykehjem.models import DOBBELTBOOKING_CONSTRAINT, Opphold, Oppholdstype, Seng
from tjenester.sykehjem.services import opphold_create

I_DAG = idag()


def _admit(
    leder: Ansatt, seng: Seng, pasient: Pasient, fra: dt.date, til: dt.date | None
) -> Opphold:
    with acting_as(leder):
        return opphold_create(
            actor=leder,
            seng_id=seng.pk,
            pasient_id=pasient.pk,
            type=Oppholdstype.KORTTID,
            fra=fra,
            til=til,
        )


@pytest.mark.django_db
def test_adjacent_stays_are_allowed(leder: Ansatt, senger: list[Seng]) -> None:
    # given: one stay ends the day the next starts (half-open periods)
    _admit(leder, senger[0], PasientFactory(), I_DAG, I_DAG + dt.timedelta(days=7))
    # when
    neste = _admit(
        leder,
        senger[0],
        PasientFactory(),
        I_DAG + dt.timedelta(days=7),
        I_DAG + dt.timedelta(days=8),
    )
    # and one that ends the day the first starts
    forrige = _admit(leder, senger[0], PasientFactory(), I_DAG - dt.timedelta(days=3), I_DAG)
    # then
    assert Opphold.objects.filter(pk__in=[neste.pk, forrige.pk]).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fra", "til"),
    [
        (0, 1),  # the first day
        (6, 7),  # the last day
        (-5, None),  # open-ended, starting before
        (3, 30),  # starting inside
        (-10, 100),  # around it
    ],
)
def test_any_overlap_is_refused(
    leder: Ansatt, senger: list[Seng], fra: int, til: int | None
) -> None:
    # given
    _admit(leder, senger[0], PasientFactory(), I_DAG, I_DAG + dt.timedelta(days=7))
    # when / then
    with pytest.raises(ApplicationError, match="Sengen er allerede belagt i perioden"):
        _admit(
            leder,
            senger[0],
            PasientFactory(),
            I_DAG + dt.timedelta(days=fra),
            I_DAG + dt.timedelta(days=til) if til is not None else None,
        )


@pytest.mark.django_db
def test_open_ended_stay_blocks_every_later_day(leder: Ansatt, senger: list[Seng]) -> None:
    # given
    _admit(leder, senger[0], PasientFactory(), I_DAG, None)
    # when / then
    with pytest.raises(ApplicationError, match="belagt"):
        _admit(leder, senger[0], PasientFactory(), I_DAG + dt.timedelta(days=3000), None)
    # another bed is not affected
    _admit(leder, senger[1], PasientFactory(), I_DAG, None)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_admissions_to_one_bed_exactly_one_succeeds(
    leder: Ansatt, senger: list[Seng]
) -> None:
    # given: two patients, two threads, each with its own database connection
    pasienter = [PasientFactory(), PasientFactory()]
    # when
    results = at_once(*(lambda p=p: _admit(leder, senger[0], p, I_DAG, None) for p in pasienter))
    # then
    ok = [r for r in results if isinstance(r, Opphold)]
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert len(ok) == 1, results
    assert len(refused) == 1, results
    assert str(refused[0].message) == "Sengen er allerede belagt i perioden."
    assert Opphold.objects.filter(seng=senger[0]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_itself_makes_the_second_connection_wait_and_refuses_it(
    leder: Ansatt, senger: list[Seng], avdeling: Enhet
) -> None:
    # given: two raw connections; the first inserts a bed period and has not committed yet
    opphold = _admit(leder, senger[1], PasientFactory(), I_DAG, None)
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    sql = (
        "INSERT INTO sykehjem_sengeperiode (id, created_at, updated_at, pasient_id, enhet_id,"
        " opphold_id, seng_id, seng_nr, fra, til) VALUES (%s, now(), now(), %s, %s, %s, %s, %s,"
        " %s, NULL)"
    )
    row = [opphold.pasient_id, avdeling.pk, opphold.pk, senger[0].pk, senger[0].nummer]
    with psycopg.connect(**params) as first, psycopg.connect(**params) as second:
        first.execute(sql, [uuid.uuid4(), *row, I_DAG])
        outcome: list[BaseException | None] = []

        def insert_second() -> None:
            try:
                second.execute(sql, [uuid.uuid4(), *row, I_DAG + dt.timedelta(days=2)])
                second.commit()
                outcome.append(None)
            except psycopg.Error as exc:
                second.rollback()
                outcome.append(exc)

        waiter = threading.Thread(target=insert_second)
        waiter.start()
        waiter.join(timeout=1)
        # when: the second is still waiting for the first to decide
        assert waiter.is_alive()
        first.commit()
        waiter.join(timeout=10)
    # then
    assert len(outcome) == 1
    error = outcome[0]
    assert isinstance(error, psycopg.errors.ExclusionViolation)
    assert error.diag.constraint_name == DOBBELTBOOKING_CONSTRAINT
