"""Care-plan reads: the task-list interface (tiltak_forekomster) with the named actors, the
schedule of changed tiltak, and fixed query counts; the plan read with its 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from journal.lib.timeplan import Timeplan
from journal.models import Frekvens, Pasient, PlanStatus
from journal.selectors.tiltaksplan import tiltak_forekomster, tiltaksplan_get
from journal.services.tiltaksplan import tiltak_change
from tests.acting import acting_as
from tests.factories import EnhetFactory, PasientFactory
from tests.journal.tiltaksplan_data import MANDAG, behov_make, maal_make, plan_make, tiltak_make

pytestmark = pytest.mark.django_db

T8, T20 = dt.time(8, 0), dt.time(20, 0)


def _forekomster(ansatt: Ansatt, enhet: Enhet, fra: dt.date, til: dt.date) -> list[Any]:
    with acting_as(ansatt):
        return tiltak_forekomster(actor=ansatt, enhet_ids=[enhet.pk], fra=fra, til=til)


def test_occurrences_of_a_week_for_the_responsible_unit(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given: Mon/Wed/Fri 08:00 and 20:00
    plan = plan_make(pasient)
    tiltak = tiltak_make(plan, tidspunkter=[T20, T8])
    # when
    rows = _forekomster(lege_med_relasjon, enhet, MANDAG, MANDAG + dt.timedelta(days=6))
    # then
    assert [(r.dato.isoweekday(), r.tidspunkt) for r in rows] == [
        (1, T8),
        (1, T20),
        (3, T8),
        (3, T20),
        (5, T8),
        (5, T20),
    ]
    first = rows[0]
    assert (first.pasient_id, first.tiltak_id, first.enhet_id) == (pasient.pk, tiltak.pk, enhet.pk)
    assert (first.varighet_min, first.tekst) == (15, "Tilby drikke")
    assert (
        AuditLogg.objects.filter(
            hendelse=AuditEvent.TILTAK_FOREKOMSTER_LISTED, pasient_id=pasient.pk
        ).count()
        == 1
    )


def test_other_units_tiltak_and_ved_behov_are_left_out(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    plan = plan_make(pasient)
    tiltak_make(plan, ansvarlig=EnhetFactory(), tekst="Annen enhet")
    tiltak_make(plan, frekvens=Frekvens.VED_BEHOV, tekst="Ved behov")
    tiltak_make(plan, ukedager=[2], tidspunkter=[], tekst="Tirsdag uten tid")
    # when
    rows = _forekomster(lege_med_relasjon, enhet, MANDAG, MANDAG + dt.timedelta(days=6))
    # then
    assert [(r.tekst, r.tidspunkt) for r in rows] == [("Tirsdag uten tid", None)]


def test_changed_tiltak_gives_old_schedule_before_and_new_from_the_change(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given: Mon/Wed/Fri 08:00 from last week, changed to every day 20:00 from in three days
    today = idag()
    start = today - dt.timedelta(days=14)
    endring = today + dt.timedelta(days=3)
    plan = plan_make(pasient)
    old = tiltak_make(plan, start=start, ukedager=[1, 3, 5])
    with acting_as(lege_med_relasjon):
        new = tiltak_change(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            tiltak_id=old.pk,
            fra=endring,
            tekst="Tilby drikke",
            ansvarlig_enhet_id=enhet.pk,
            timeplan=Timeplan(frekvens=Frekvens.DAGLIG, tidspunkter=(T20,)),
        )
    # when
    rows = _forekomster(
        lege_med_relasjon, enhet, today - dt.timedelta(days=7), today + dt.timedelta(days=9)
    )
    # then
    before = [r for r in rows if r.dato < endring]
    after = [r for r in rows if r.dato >= endring]
    assert before
    assert all(r.tiltak_id == old.pk and r.tidspunkt == T8 for r in before)
    assert all(r.dato.isoweekday() in (1, 3, 5) for r in before)
    assert [r.dato for r in after] == [endring + dt.timedelta(days=i) for i in range(7)]
    assert all(r.tiltak_id == new.pk and r.tidspunkt == T20 for r in after)


def test_start_and_end_dates_are_respected(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given: daily, from Wednesday to Friday
    plan = plan_make(pasient)
    tiltak_make(
        plan,
        frekvens=Frekvens.DAGLIG,
        start=MANDAG + dt.timedelta(days=2),
        slutt=MANDAG + dt.timedelta(days=4),
    )
    # when
    rows = _forekomster(lege_med_relasjon, enhet, MANDAG, MANDAG + dt.timedelta(days=13))
    # then
    assert [r.dato.isoweekday() for r in rows] == [3, 4, 5]


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("lege_med_relasjon", True),
        ("kollega_samme_enhet", True),
        ("ansatt_annen_enhet", False),
        ("admin_uten_pasienttilgang", False),
    ],
)
def test_only_patients_the_actor_may_see_are_listed(
    who: str, sees: bool, request: pytest.FixtureRequest, pasient: Pasient, enhet: Enhet
) -> None:
    # given: the tiltak is the unit's, whoever asks
    ansatt: Ansatt = request.getfixturevalue(who)
    tiltak_make(plan_make(pasient))
    # when
    rows = _forekomster(ansatt, enhet, MANDAG, MANDAG + dt.timedelta(days=6))
    # then
    assert bool(rows) is sees
    logged = AuditLogg.objects.filter(pasient_id=pasient.pk, aktor_id=ansatt.pk).exists()
    assert logged is sees


def test_occurrence_query_count_does_not_grow_with_range_or_patients(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given: ten patients with three tiltak each
    for _i in range(10):
        andre = PasientFactory(relasjon_til=enhet)
        plan = plan_make(andre, enhet)
        for ukedag in (1, 3, 5):
            tiltak_make(plan, ukedager=[ukedag], tidspunkter=[T8, T20])
    # when
    with acting_as(lege_med_relasjon), CaptureQueriesContext(connection) as ctx:
        rows = tiltak_forekomster(
            actor=lege_med_relasjon,
            enhet_ids=[enhet.pk],
            fra=MANDAG,
            til=MANDAG + dt.timedelta(days=90),
        )
    # then: one SELECT and one INSERT of the audit rows (besides the savepoint)
    statements = [q["sql"].split()[0] for q in ctx.captured_queries]
    assert [s for s in statements if s not in ("SAVEPOINT", "RELEASE")] == ["SELECT", "INSERT"]
    assert len(rows) == 10 * 3 * 2 * 13


def test_too_long_or_reversed_range_is_refused(lege_med_relasjon: Ansatt, enhet: Enhet) -> None:
    # when / then
    with pytest.raises(ApplicationError):
        _forekomster(lege_med_relasjon, enhet, MANDAG, MANDAG + dt.timedelta(days=92))
    with pytest.raises(ApplicationError):
        _forekomster(lege_med_relasjon, enhet, MANDAG, MANDAG - dt.timedelta(days=1))


def test_active_plan_read_is_grouped_and_fixed_in_queries(
    lege_med_relasjon: Ansatt, pasient: Pasient, django_assert_max_num_queries: Any
) -> None:
    # given
    plan = plan_make(pasient)
    for i in range(5):
        behov = behov_make(plan, f"Problem {i}")
        maal_make(behov)
        tiltak_make(plan, behov=behov, start=idag())
    tiltak_make(plan, tekst="Uten problem", start=idag())
    with acting_as(lege_med_relasjon), django_assert_max_num_queries(12):
        # when
        visning = tiltaksplan_get(actor=lege_med_relasjon, pasient_id=pasient.pk)
    # then
    assert visning is not None
    assert [len(b.tiltak) for b in visning.behov] == [1] * 5
    assert [t.tiltak.tekst for t in visning.uten_behov] == ["Uten problem"]
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.TILTAKSPLAN_READ, pasient_id=pasient.pk
    ).exists()


def test_plan_of_a_patient_the_actor_may_not_see_is_not_found(
    ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    # given
    plan = plan_make(pasient, status=PlanStatus.AVSLUTTET)
    # when / then
    with acting_as(ansatt_annen_enhet), pytest.raises(NotFound):
        tiltaksplan_get(actor=ansatt_annen_enhet, pasient_id=pasient.pk, plan_id=plan.pk)
