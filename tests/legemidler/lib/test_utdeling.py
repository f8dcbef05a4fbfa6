"""Rounds as wall-clock windows (pure): the default rounds cover the day, the night crosses
midnight, and on the daylight-saving days the 08:00 dose is in the morning round at 08:00
while the night round is an hour shorter (spring) or longer (autumn)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from legemidler.lib.dosering import Doseringsplan, Dosetid, forfall_expand
from legemidler.lib.utdeling import (
    STANDARD_RUNDER,
    er_forsinket,
    er_glemt,
    runde_for_moment,
    runde_get,
    runde_vindu,
    runder_from_list,
    runder_to_list,
)

OSLO = ZoneInfo("Europe/Oslo")
VAAR = dt.date(2026, 3, 29)  # clocks forward 02:00 → 03:00
HOST = dt.date(2026, 10, 25)  # clocks back 03:00 → 02:00
PLAN = Doseringsplan(
    tider=(
        Dosetid(dt.time(2, 30), Decimal(1)),
        Dosetid(dt.time(8), Decimal(1)),
        Dosetid(dt.time(22), Decimal(1)),
    )
)


def _due(runde: str, dag: dt.date) -> list[str]:
    fra, til = runde_vindu(runde_get(STANDARD_RUNDER, runde), dag)
    start = dt.datetime(2026, 1, 1, tzinfo=OSLO)
    return [
        f"{f.tidspunkt.astimezone(OSLO):%d %H:%M}"
        for f in forfall_expand(PLAN, start=start, fra=fra, til=til)
    ]


def test_the_default_rounds_round_trip_and_cover_the_day() -> None:
    assert runder_from_list(runder_to_list(STANDARD_RUNDER)) == STANDARD_RUNDER


def test_rounds_with_a_gap_or_overlap_are_refused_in_norwegian() -> None:
    data = runder_to_list(STANDARD_RUNDER)
    data[1]["fra"] = "12:00"
    with pytest.raises(ValidationError) as exc:
        runder_from_list(data)
    assert "dekke hele døgnet uten overlapp (se kl. 11:00)" in exc.value.message_dict["runder"][0]


@pytest.mark.parametrize("dag", [VAAR, HOST, dt.date(2026, 6, 1)])
def test_the_morning_dose_is_at_eight_on_every_day(dag: dt.date) -> None:
    assert _due("morgen", dag) == [f"{dag:%d} 08:00"]


def test_the_night_round_on_the_spring_forward_night_is_one_hour_shorter() -> None:
    fra, til = runde_vindu(runde_get(STANDARD_RUNDER, "natt"), VAAR - dt.timedelta(days=1))
    assert til - fra == dt.timedelta(hours=7)
    # 02:30 does not exist that night: given at 03:30 summer time, still in the night round
    assert _due("natt", VAAR - dt.timedelta(days=1)) == ["28 22:00", "29 03:30"]


def test_the_night_round_on_the_fall_back_night_is_one_hour_longer_and_doses_once() -> None:
    fra, til = runde_vindu(runde_get(STANDARD_RUNDER, "natt"), HOST - dt.timedelta(days=1))
    assert til - fra == dt.timedelta(hours=9)
    assert _due("natt", HOST - dt.timedelta(days=1)) == ["24 22:00", "25 02:30"]


def test_after_midnight_belongs_to_the_night_of_the_evening_before() -> None:
    runde, dag = runde_for_moment(STANDARD_RUNDER, dt.datetime(2026, 3, 11, 1, 15, tzinfo=OSLO))
    assert (runde.kode, dag) == ("natt", dt.date(2026, 3, 10))
    runde, dag = runde_for_moment(STANDARD_RUNDER, dt.datetime(2026, 3, 11, 7, 0, tzinfo=OSLO))
    assert (runde.kode, dag) == ("morgen", dt.date(2026, 3, 11))


def test_late_and_missed_are_measured_in_real_minutes_across_the_change() -> None:
    forfall = dt.datetime(2026, 3, 29, 1, 30, tzinfo=OSLO)
    # 01:30 + 60 real minutes is 03:30 summer time on the spring-forward night
    assert not er_glemt(forfall, dt.datetime(2026, 3, 29, 3, 29, tzinfo=OSLO), 60)
    assert er_glemt(forfall, dt.datetime(2026, 3, 29, 3, 30, tzinfo=OSLO), 60)
    assert er_forsinket(forfall, dt.datetime(2026, 3, 29, 3, 31, tzinfo=OSLO), 60)
