"""The programme schedule and the vaccine rules, without a database."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tjenester.helsestasjon.lib.program import (
    FOR_GAMMEL,
    FOR_KORT_INTERVALL,
    FOR_UNG,
    FORFALLER,
    FORFALT,
    GITT,
    IKKE_MOETT,
    KOMMENDE,
    PASSERT,
    RESERVERT,
    UTFOERT,
    UTGAATT,
    Dose,
    Punkt,
    dose_check,
    due_date,
    programme_status,
    vaccine_status,
    worklist_items,
)

FOEDT = dt.date(2026, 1, 31)
PUNKTER = [
    Punkt("hjemmebesok", "dag", 7),
    Punkt("6-uker", "uke", 6),
    Punkt("3-mnd", "maaned", 3),
    Punkt("12-mnd", "maaned", 12),
    Punkt("2-aar", "aar", 2),
]
ROTA_1 = Dose("rota-1", "Rotavirus", 1, "uke", 6, 42, None, 84)
ROTA_2 = Dose("rota-2", "Rotavirus", 2, "maaned", 3, 70, 28, 168)
DTP_3 = Dose("dtp-3", "DTP-IPV-Hib-HepB", 3, "maaned", 12, 300, 180)


def test_due_dates_by_unit() -> None:
    assert due_date(FOEDT, "dag", 7) == dt.date(2026, 2, 7)
    assert due_date(FOEDT, "uke", 6) == dt.date(2026, 3, 14)
    # 31 January + 1 month: the last day of February
    assert due_date(FOEDT, "maaned", 1) == dt.date(2026, 2, 28)
    assert due_date(FOEDT, "maaned", 12) == dt.date(2027, 1, 31)
    assert due_date(dt.date(2024, 2, 29), "aar", 1) == dt.date(2025, 2, 28)


def test_school_year_is_due_at_the_start_of_the_school_year() -> None:
    # born 2026: starts 1. trinn in August 2032 (the year they turn six)
    assert due_date(FOEDT, "trinn", 1) == dt.date(2032, 8, 15)
    assert due_date(dt.date(2026, 12, 31), "trinn", 8) == dt.date(2039, 8, 15)


def test_programme_states_due_overdue_passed_done() -> None:
    # Tuesday 2027-01-26; the 12-month consultation (31 Jan) falls due this week
    today = dt.date(2027, 1, 26)
    status = {
        s.kode: s.status for s in programme_status(FOEDT, PUNKTER, {"hjemmebesok": UTFOERT}, today)
    }
    assert status == {
        "hjemmebesok": UTFOERT,
        "6-uker": PASSERT,  # superseded by the 3-month point
        "3-mnd": FORFALT,  # the latest missed one: the 12-month is not due until Sunday
        "12-mnd": FORFALLER,
        "2-aar": KOMMENDE,
    }


def test_the_latest_missed_consultation_is_overdue_until_the_next_falls_due() -> None:
    today = dt.date(2026, 4, 20)  # 3-month (30 April) not yet due; 6 weeks passed 14 March
    status = {s.kode: s.status for s in programme_status(FOEDT, PUNKTER, {}, today)}
    assert status["6-uker"] == FORFALT
    assert status["3-mnd"] == KOMMENDE
    marked = programme_status(FOEDT, PUNKTER, {"6-uker": IKKE_MOETT}, dt.date(2026, 5, 4))
    assert {s.kode: s.status for s in marked}["6-uker"] == IKKE_MOETT


def test_vaccine_states() -> None:
    today = dt.date(2026, 5, 11)  # 3-month date 30 April: rota-2 overdue
    status = {
        s.kode: s.status
        for s in vaccine_status(
            FOEDT,
            [ROTA_1, ROTA_2, DTP_3],
            {("Rotavirus", 1): dt.date(2026, 3, 16)},
            set(),
            today,
        )
    }
    assert status == {"rota-1": GITT, "rota-2": FORFALT, "dtp-3": KOMMENDE}


def test_a_refused_dose_and_an_expired_rotavirus() -> None:
    today = dt.date(2026, 9, 1)  # 213 days old: past rotavirus's highest age
    status = {
        s.kode: s.status for s in vaccine_status(FOEDT, [ROTA_1, ROTA_2], {}, {"rota-1"}, today)
    }
    assert status == {"rota-1": RESERVERT, "rota-2": UTGAATT}


def test_a_later_dose_is_due_no_earlier_than_the_minimum_interval() -> None:
    # dose 1 given late (20 April): dose 2 due 28 days later, not at 3 months (30 April)
    [_, rota_2] = vaccine_status(
        FOEDT, [ROTA_1, ROTA_2], {("Rotavirus", 1): dt.date(2026, 4, 20)}, set(), FOEDT
    )
    assert rota_2.forfall == dt.date(2026, 5, 18)


def test_minimum_age_interval_and_highest_age() -> None:
    assert dose_check(FOEDT, ROTA_1, FOEDT + dt.timedelta(days=41), None) == [FOR_UNG]
    assert dose_check(FOEDT, ROTA_1, FOEDT + dt.timedelta(days=42), None) == []
    forrige = dt.date(2026, 3, 20)
    assert dose_check(FOEDT, ROTA_2, forrige + dt.timedelta(days=27), forrige) == [
        FOR_KORT_INTERVALL
    ]
    assert dose_check(FOEDT, ROTA_2, forrige + dt.timedelta(days=28), forrige) == []
    assert dose_check(FOEDT, ROTA_2, FOEDT + dt.timedelta(days=169), forrige) == [FOR_GAMMEL]
    assert dose_check(FOEDT, DTP_3, dt.date(2026, 11, 1), dt.date(2026, 7, 1)) == [
        FOR_UNG,
        FOR_KORT_INTERVALL,
    ]


PROGRAM = [
    Punkt("hjemmebesok", "dag", 7),
    Punkt("4-uker", "uke", 4),
    Punkt("6-uker", "uke", 6),
    Punkt("3-mnd", "maaned", 3),
    Punkt("5-mnd", "maaned", 5),
    Punkt("12-mnd", "maaned", 12),
    Punkt("17-mnd", "maaned", 17),
    Punkt("2-aar", "aar", 2),
    Punkt("4-aar", "aar", 4),
    Punkt("skolestart", "trinn", 1),
    Punkt("8-trinn", "trinn", 8),
]
DOSER = [
    ROTA_1,
    ROTA_2,
    Dose("dtp-1", "DTP-IPV-Hib-HepB", 1, "maaned", 3, 42),
    Dose("dtp-2", "DTP-IPV-Hib-HepB", 2, "maaned", 5, 70, 28),
    DTP_3,
    Dose("mmr-1", "MMR", 1, "maaned", 15, 365),
    Dose("mmr-2", "MMR", 2, "trinn", 6, 395, 28),
    Dose("hpv-1", "HPV", 1, "trinn", 7, 3285),
    Dose("hpv-2", "HPV", 2, "trinn", 7, 3285, 180),
]


@given(
    foedt=st.dates(dt.date(2008, 1, 1), dt.date(2027, 3, 1)),
    idag=st.dates(dt.date(2026, 1, 1), dt.date(2027, 3, 1)),
    done=st.sets(st.sampled_from([p.kode for p in PROGRAM])),
    missed=st.sets(st.sampled_from([p.kode for p in PROGRAM])),
    given_doses=st.dictionaries(st.sampled_from(range(len(DOSER))), st.integers(0, 6000)),
    refused=st.sets(st.sampled_from([d.kode for d in DOSER])),
)
@settings(max_examples=400, deadline=None)
def test_the_fast_worklist_agrees_with_the_full_schedule(
    foedt: dt.date,
    idag: dt.date,
    done: set[str],
    missed: set[str],
    given_doses: dict[int, int],
    refused: set[str],
) -> None:
    registrert = dict.fromkeys(missed, IKKE_MOETT) | dict.fromkeys(done, UTFOERT)
    gitt = {
        (DOSER[i].vaksine, DOSER[i].dose_nr): foedt + dt.timedelta(days=d)
        for i, d in given_doses.items()
    }
    want_p = [
        (i, s)
        for i, s in enumerate(programme_status(foedt, PROGRAM, registrert, idag))
        if s.status in (FORFALLER, FORFALT)
    ]
    want_d = [
        (i, s)
        for i, s in enumerate(vaccine_status(foedt, DOSER, gitt, refused, idag))
        if s.status in (FORFALLER, FORFALT)
    ]
    got_p, got_d = worklist_items(foedt, PROGRAM, registrert, DOSER, gitt, refused, idag)
    assert got_p == want_p
    assert got_d == want_d
