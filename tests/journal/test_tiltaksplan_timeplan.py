"""Schedule expansion and the schedule in words (journal.lib.timeplan): no database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from journal.lib.timeplan import (
    Timeplan,
    tidspunkter_parse,
    timeplan_dates,
    timeplan_validate,
    timeplan_words,
)
from journal.models import Frekvens

MAN = dt.date(2026, 3, 2)  # Monday, ISO week 10
T8, T20 = dt.time(8, 0), dt.time(20, 0)


def _dates(
    plan: Timeplan, start: dt.date, slutt: dt.date | None, fra: dt.date, til: dt.date
) -> list[dt.date]:
    return list(timeplan_dates(plan, start=start, slutt=slutt, fra=fra, til=til))


def test_weekdays_give_monday_wednesday_friday_each_week() -> None:
    # given
    plan = Timeplan(frekvens=Frekvens.UKENTLIG, ukedager=(1, 3, 5))
    # when
    days = _dates(plan, MAN, None, MAN, MAN + dt.timedelta(days=13))
    # then
    assert [d.isoweekday() for d in days] == [1, 3, 5, 1, 3, 5]
    assert days[0] == MAN
    assert days[-1] == MAN + dt.timedelta(days=11)


def test_every_second_week_counts_from_the_week_of_the_start() -> None:
    # given: starts on a Wednesday, Mondays and Wednesdays every 2nd week
    start = MAN + dt.timedelta(days=2)
    plan = Timeplan(frekvens=Frekvens.UKENTLIG, ukedager=(1, 3), intervall=2)
    # when
    days = _dates(plan, start, None, MAN, MAN + dt.timedelta(days=27))
    # then: the Monday before the start is not included; weeks 0 and 2 only
    assert days == [start, MAN + dt.timedelta(days=14), MAN + dt.timedelta(days=16)]


def test_every_third_day_counts_from_the_start_date() -> None:
    # given
    plan = Timeplan(frekvens=Frekvens.DAGLIG, intervall=3)
    # when: a range starting after the start
    days = _dates(plan, MAN, None, MAN + dt.timedelta(days=4), MAN + dt.timedelta(days=10))
    # then
    assert days == [MAN + dt.timedelta(days=6), MAN + dt.timedelta(days=9)]


def test_start_and_end_dates_bound_the_occurrences() -> None:
    # given: valid Wednesday to next Monday, both included
    plan = Timeplan(frekvens=Frekvens.DAGLIG)
    start, slutt = MAN + dt.timedelta(days=2), MAN + dt.timedelta(days=7)
    # when
    days = _dates(plan, start, slutt, MAN, MAN + dt.timedelta(days=20))
    # then
    assert days[0] == start
    assert days[-1] == slutt
    assert len(days) == 6


def test_an_end_before_the_start_gives_nothing_and_so_does_ved_behov() -> None:
    # given
    daglig = Timeplan(frekvens=Frekvens.DAGLIG)
    behov = Timeplan(frekvens=Frekvens.VED_BEHOV)
    # then
    assert _dates(daglig, MAN, MAN - dt.timedelta(days=1), MAN, MAN + dt.timedelta(days=5)) == []
    assert _dates(behov, MAN, None, MAN, MAN + dt.timedelta(days=5)) == []


def test_schedule_in_words() -> None:
    # then
    assert (
        timeplan_words(
            Timeplan(frekvens=Frekvens.UKENTLIG, ukedager=(5, 1, 3), tidspunkter=(T20, T8))
        )
        == "Man, ons, fre kl. 08:00 og 20:00, 15 min"
    )
    assert (
        timeplan_words(Timeplan(tidspunkter=(T8,), varighet_min=30)) == "Hver dag kl. 08:00, 30 min"
    )
    assert (
        timeplan_words(Timeplan(frekvens=Frekvens.UKENTLIG, ukedager=(2,), intervall=2))
        == "Hver 2. uke: tir, 15 min"
    )
    assert timeplan_words(Timeplan(frekvens=Frekvens.DAGLIG, intervall=3)) == "Hver 3. dag, 15 min"
    assert timeplan_words(Timeplan(frekvens=Frekvens.VED_BEHOV)) == "Ved behov, 15 min"
    assert (
        timeplan_words(Timeplan(frekvens=Frekvens.UKENTLIG, ukedager=tuple(range(1, 8))))
        == "Hver dag, 15 min"
    )


def test_times_parse_from_clock_times_and_named_periods() -> None:
    # then
    assert tidspunkter_parse("20.30, 08:00") == (T8, dt.time(20, 30))
    assert tidspunkter_parse("morgen og kveld") == (T8, T20)
    assert tidspunkter_parse("") == ()
    with pytest.raises(ValidationError):
        tidspunkter_parse("25:00")
    with pytest.raises(ValidationError):
        tidspunkter_parse("frokost")


@pytest.mark.parametrize(
    ("plan", "field"),
    [
        (Timeplan(frekvens=Frekvens.UKENTLIG), "ukedager"),
        (Timeplan(frekvens=Frekvens.UKENTLIG, ukedager=(8,)), "ukedager"),
        (Timeplan(intervall=0), "intervall"),
        (Timeplan(varighet_min=0), "varighet_min"),
        (Timeplan(frekvens="maanedlig"), "frekvens"),
    ],
)
def test_impossible_schedules_are_refused_per_field(plan: Timeplan, field: str) -> None:
    # when
    with pytest.raises(ValidationError) as exc:
        timeplan_validate(plan)
    # then
    assert field in exc.value.message_dict
