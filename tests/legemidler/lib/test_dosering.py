"""Dose schedules (legemidler.lib.dosering): expansion into due doses over weekly, weekday,
tapering and course schedules and daylight-saving days, and the PRN limits. No database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from legemidler.lib.dosering import (
    BEHOV,
    FAST,
    NEDTRAPPING,
    OSLO,
    UTC,
    Doseringsplan,
    Dosetid,
    Trinn,
    behov_check,
    dose_parse,
    forfall_expand,
    lokal_tid,
    plan_describe,
    plan_from_dict,
    plan_is_weekly_or_rarer,
    plan_to_dict,
    plan_validate,
)

T8, T14, T20 = dt.time(8), dt.time(14), dt.time(20)


def oslo(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=OSLO)


def fast(
    *tider: tuple[dt.time, str], ukedager: tuple[int, ...] = (), uker: int = 1
) -> Doseringsplan:
    return Doseringsplan(
        type=FAST,
        tider=tuple(Dosetid(t, Decimal(d)) for t, d in tider),
        ukedager=ukedager,
        intervall_uker=uker,
    )


def local(forfall: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(f.tidspunkt.astimezone(OSLO).strftime("%a %d.%m %H:%M"), str(f.dose)) for f in forfall]


def test_daily_schedule_gives_each_time_with_its_dose() -> None:
    # given: 1 tablet at 08:00 and 2 at 20:00, from Monday 2 March 2026 at 09:00
    plan = fast((T8, "1"), (T20, "2"))

    # when: the first two days
    due = forfall_expand(
        plan, start=oslo(2026, 3, 2, 9), fra=oslo(2026, 3, 2), til=oslo(2026, 3, 4)
    )

    # then: the 08:00 dose before the start is not due
    assert local(due) == [
        ("Mon 02.03 20:00", "2"),
        ("Tue 03.03 08:00", "1"),
        ("Tue 03.03 20:00", "2"),
    ]


def test_weekly_methotrexate_is_due_on_its_weekday_only() -> None:
    # given: once a week on Monday
    plan = fast((T8, "4"), ukedager=(1,))

    # when: three weeks
    due = forfall_expand(plan, start=oslo(2026, 3, 1), fra=oslo(2026, 3, 1), til=oslo(2026, 3, 22))

    # then
    assert [f.tidspunkt.astimezone(OSLO).date() for f in due] == [
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 9),
        dt.date(2026, 3, 16),
    ]
    assert plan_is_weekly_or_rarer(plan)
    assert not plan_is_weekly_or_rarer(fast((T8, "4")))


def test_every_second_week_counts_weeks_from_the_start() -> None:
    # given: Thursdays every second week, starting in the week of Monday 2 March
    plan = fast((T8, "1"), ukedager=(4,), uker=2)

    # when
    due = forfall_expand(plan, start=oslo(2026, 3, 2), fra=oslo(2026, 3, 2), til=oslo(2026, 4, 1))

    # then: 5, 19 March (not 12 or 26)
    assert [f.tidspunkt.astimezone(OSLO).day for f in due] == [5, 19]


def test_weekdays_only_skip_the_weekend() -> None:
    # given: Monday to Friday
    plan = fast((T8, "1"), ukedager=(1, 2, 3, 4, 5))

    # when: Friday to Tuesday
    due = forfall_expand(plan, start=oslo(2026, 3, 1), fra=oslo(2026, 3, 6), til=oslo(2026, 3, 11))

    # then
    assert [f.tidspunkt.astimezone(OSLO).strftime("%a") for f in due] == [
        "Fri",
        "Mon",
        "Tue",
    ]


def test_a_course_ends_after_its_last_day() -> None:
    # given: a five-day course from Monday, three times a day
    plan = fast((T8, "1"), (T14, "1"), (T20, "1"))

    # when: the whole week
    due = forfall_expand(
        plan,
        start=oslo(2026, 3, 2, 8),
        fra=oslo(2026, 3, 2),
        til=oslo(2026, 3, 9),
        sluttdato=dt.date(2026, 3, 6),
    )

    # then: 15 doses, the last on Friday 20:00
    assert len(due) == 15
    assert local(due)[-1] == ("Fri 06.03 20:00", "1")


def test_a_stopped_order_gives_nothing_from_the_stop() -> None:
    # given
    plan = fast((T8, "1"), (T20, "1"))

    # when: stopped Tuesday 12:00
    due = forfall_expand(
        plan,
        start=oslo(2026, 3, 2),
        fra=oslo(2026, 3, 2),
        til=oslo(2026, 3, 5),
        stoppet=oslo(2026, 3, 3, 12),
    )

    # then
    assert local(due)[-1] == ("Tue 03.03 08:00", "1")


def test_tapering_gives_the_dose_of_each_day_and_stops_after_the_last_step() -> None:
    # given: prednisolone 40 mg for 2 days, 20 mg for 2 days, 10 mg for 1 day at 08:00
    plan = Doseringsplan(
        type=NEDTRAPPING,
        tider=(Dosetid(T8),),
        trinn=(Trinn(2, Decimal(40)), Trinn(2, Decimal(20)), Trinn(1, Decimal(10))),
    )

    # when: ten days
    due = forfall_expand(
        plan, start=oslo(2026, 3, 2, 7), fra=oslo(2026, 3, 1), til=oslo(2026, 3, 12)
    )

    # then
    assert [(f.tidspunkt.astimezone(OSLO).day, int(f.dose)) for f in due] == [
        (2, 40),
        (3, 40),
        (4, 20),
        (5, 20),
        (6, 10),
    ]


def test_prn_is_never_due() -> None:
    plan = Doseringsplan(type=BEHOV, behov_dose=Decimal(1), behov_maks_per_doegn=Decimal(4))
    assert (
        forfall_expand(plan, start=oslo(2026, 3, 1), fra=oslo(2026, 3, 1), til=oslo(2026, 3, 8))
        == []
    )


def test_spring_forward_day_keeps_wall_clock_times() -> None:
    # given: 29 March 2026 has 23 hours in Oslo; doses at 08:00 and 20:00
    plan = fast((T8, "1"), (T20, "1"))

    # when: 28–30 March
    due = forfall_expand(plan, start=oslo(2026, 3, 1), fra=oslo(2026, 3, 28), til=oslo(2026, 3, 31))

    # then: every dose at 08:00 or 20:00 local, one per time per day, and the night across
    # the change is an hour shorter
    assert [f.tidspunkt.astimezone(OSLO).strftime("%d %H:%M") for f in due] == [
        "28 08:00",
        "28 20:00",
        "29 08:00",
        "29 20:00",
        "30 08:00",
        "30 20:00",
    ]
    assert due[2].tidspunkt - due[1].tidspunkt == dt.timedelta(hours=11)
    assert due[2].tidspunkt == dt.datetime(2026, 3, 29, 6, 0, tzinfo=UTC)


def test_fall_back_day_gives_an_ambiguous_time_once() -> None:
    # given: 25 October 2026 has 25 hours; a dose at 02:30 (which happens twice)
    plan = fast((dt.time(2, 30), "1"))

    # when
    due = forfall_expand(
        plan, start=oslo(2026, 10, 1), fra=oslo(2026, 10, 24), til=oslo(2026, 10, 27)
    )

    # then: once a day, on the 25th at the first 02:30 (summer time, 00:30 UTC)
    assert len(due) == 3
    assert due[1].tidspunkt == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert due[2].tidspunkt - due[1].tidspunkt == dt.timedelta(hours=25)


def test_a_time_in_the_spring_gap_is_given_after_the_jump() -> None:
    # 02:30 does not exist on 29 March 2026: it is due at 03:30 summer time
    moment = lokal_tid(dt.date(2026, 3, 29), dt.time(2, 30))
    assert moment.astimezone(OSLO).strftime("%H:%M") == "03:30"


def test_window_boundaries_are_half_open() -> None:
    plan = fast((T8, "1"))
    due = forfall_expand(
        plan, start=oslo(2026, 3, 1), fra=oslo(2026, 3, 2, 8), til=oslo(2026, 3, 3, 8)
    )
    assert local(due) == [("Mon 02.03 08:00", "1")]


# --- validation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dose", "enhet", "message"),
    [
        ("0", "tablett", "større enn 0"),
        ("-1", "tablett", "større enn 0"),
        ("10000", "tablett", "urimelig mye"),
        ("600", "ml", "urimelig mye"),
    ],
)
def test_a_dose_of_zero_or_thousands_is_refused_in_norwegian(
    dose: str, enhet: str, message: str
) -> None:
    plan = fast((T8, dose))
    with pytest.raises(ValidationError) as exc:
        plan_validate(plan, enhet)
    assert message in str(exc.value)


def test_text_that_is_not_a_dose_is_refused() -> None:
    with pytest.raises(ValidationError, match="ikke en dose"):
        dose_parse("en halv")
    assert dose_parse("0,5") == Decimal("0.5")


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        (Doseringsplan(type=FAST), "minst ett klokkeslett"),
        (fast((T8, "1"), (T8, "2")), "to ganger"),
        (fast((T8, "1"), ukedager=(8,)), "Ukedager"),
        (fast((T8, "1"), uker=2), "Velg ukedag"),
        (Doseringsplan(type=NEDTRAPPING, tider=(Dosetid(T8),)), "minst ett trinn"),
        (
            Doseringsplan(type=NEDTRAPPING, tider=(Dosetid(T8),), trinn=(Trinn(0, Decimal(1)),)),
            "minst én dag",
        ),
        (Doseringsplan(type=BEHOV), "dosen som gis ved behov"),
        (
            Doseringsplan(type=BEHOV, behov_dose=Decimal(2), behov_maks_per_doegn=Decimal(1)),
            "mindre enn én dose",
        ),
        (
            Doseringsplan(type=BEHOV, behov_dose=Decimal(1), behov_min_intervall_min=5),
            "15 minutter",
        ),
        (Doseringsplan(type="hver dag"), "Velg fast dosering"),
    ],
)
def test_schedules_that_cannot_be_given_are_refused(plan: Doseringsplan, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        plan_validate(plan, "tablett")
    assert message in str(exc.value)


def test_a_prn_without_maximum_is_valid_here_and_left_to_the_ordering_check() -> None:
    plan_validate(Doseringsplan(type=BEHOV, behov_dose=Decimal(1)), "tablett")


def test_the_schedule_survives_a_round_trip_through_json() -> None:
    # given
    plan = Doseringsplan(
        type=NEDTRAPPING,
        tider=(Dosetid(T8), Dosetid(T20)),
        ukedager=(),
        trinn=(Trinn(3, Decimal("7.5")), Trinn(3, Decimal(5))),
    )

    # when
    back = plan_from_dict(plan_to_dict(plan))

    # then
    assert back == plan


def test_malformed_json_gives_a_norwegian_message() -> None:
    with pytest.raises(ValidationError, match="klokkeslett"):
        plan_from_dict({"type": FAST, "tider": [{"tid": "25:00", "dose": "1"}]})


def test_the_schedule_in_words() -> None:
    assert plan_describe(fast((T8, "1"), ukedager=(1,)), "tablett") == (
        "08:00 1 tablett · én gang i uken, mandag"
    )
    prn = Doseringsplan(
        type=BEHOV,
        behov_dose=Decimal(1),
        behov_maks_per_doegn=Decimal(4),
        behov_min_intervall_min=240,
    )
    assert plan_describe(prn, "tablett") == (
        "Ved behov 1 tablett, maks 4 tablett per døgn, minst 4 timer mellom"
    )


# --- PRN limits -------------------------------------------------------------------------

PRN = Doseringsplan(
    type=BEHOV, behov_dose=Decimal(1), behov_maks_per_doegn=Decimal(4), behov_min_intervall_min=240
)


def test_prn_may_be_given_when_within_limits() -> None:
    gitt = [(oslo(2026, 3, 2, 8), Decimal(1))]
    assert behov_check(PRN, gitt=gitt, naa=oslo(2026, 3, 2, 12)) == []


def test_prn_too_soon_after_the_last_dose_says_when_it_may_be_given() -> None:
    # given
    gitt = [(oslo(2026, 3, 2, 8), Decimal(1))]

    # when
    brudd = behov_check(PRN, gitt=gitt, naa=oslo(2026, 3, 2, 10))

    # then
    assert [b.kode for b in brudd] == ["min_intervall"]
    assert brudd[0].tidligst == oslo(2026, 3, 2, 12)
    assert "kl. 08:00" in brudd[0].melding


def test_prn_maximum_is_a_sliding_24_hours_not_the_calendar_day() -> None:
    # given: four tablets yesterday evening between 18 and 23:59
    gitt = [
        (oslo(2026, 3, 1, 18), Decimal(1)),
        (oslo(2026, 3, 1, 22), Decimal(1)),
        (oslo(2026, 3, 2, 2), Decimal(1)),
        (oslo(2026, 3, 2, 6), Decimal(1)),
    ]

    # when: 10:00 the next day (interval is fine, the 24-hour sum is not)
    brudd = behov_check(PRN, gitt=gitt, naa=oslo(2026, 3, 2, 10))

    # then: the next dose fits when the 18:00 dose leaves the window
    assert [b.kode for b in brudd] == ["maks_doegn"]
    assert brudd[0].tidligst == oslo(2026, 3, 2, 18)
    assert "mer enn maksimalt 4" in brudd[0].melding


def test_prn_limits_count_24_hours_across_a_daylight_saving_change() -> None:
    # given: four doses from 03:00 summer time on the 29 March … the window is 24 real hours
    gitt = [(oslo(2026, 3, 28, 12), Decimal(4))]
    plan = Doseringsplan(type=BEHOV, behov_dose=Decimal(1), behov_maks_per_doegn=Decimal(4))

    # then: 24 real hours after 12:00 CET is 13:00 CEST
    assert behov_check(plan, gitt=gitt, naa=oslo(2026, 3, 29, 12, 30))
    assert behov_check(plan, gitt=gitt, naa=oslo(2026, 3, 29, 13, 0)) == []
