"""Growth calculations against published WHO Child Growth Standards values (no database).

Reference values from the WHO tables (www.who.int/tools/child-growth-standards/standards):
weight-for-age boys, birth L 0.3487 M 3.3464 S 0.14602 and median 9.6 kg at 12 months
(month 12: M 9.6479) with −2 SD 7.7 kg and +2 SD 12.0 kg; length-for-age girls birth median
49.1 cm (M 49.1477); head circumference-for-age boys birth median 34.5 cm (M 34.4618);
height-for-age boys 24 months (standing) median 87.1 cm (M 87.1303).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tjenester.helsestasjon.lib.vekst import (
    HOVEDLINJER,
    Kjonn,
    Maaletype,
    Punkt,
    alder_calculate,
    flagg_find,
    kurve,
    lengde_adjust,
    lines_between,
    persentil,
    sds_calculate,
    verdi_for_sds,
)

FODT = dt.date(2024, 1, 10)


def test_age_of_a_term_child_is_not_corrected() -> None:
    alder = alder_calculate(fodselsdato=FODT, dato=dt.date(2024, 7, 10), svangerskapsuker=39)
    assert alder.dager == alder.kronologisk_dager == 182
    assert not alder.korrigert


def test_preterm_age_is_corrected_by_the_weeks_born_early() -> None:
    # Born at 32+3 weeks: 280 − 227 = 53 days early.
    alder = alder_calculate(
        fodselsdato=FODT, dato=dt.date(2024, 7, 10), svangerskapsuker=32, svangerskapsdager=3
    )
    assert alder.korrigert
    assert alder.kronologisk_dager == 182
    assert alder.dager == 182 - 53


def test_36_weeks_is_preterm_37_is_not() -> None:
    dato = dt.date(2024, 4, 10)
    assert alder_calculate(
        fodselsdato=FODT, dato=dato, svangerskapsuker=36, svangerskapsdager=6
    ).korrigert
    assert not alder_calculate(fodselsdato=FODT, dato=dato, svangerskapsuker=37).korrigert


def test_correction_stops_at_two_years() -> None:
    dato = FODT + dt.timedelta(days=730)
    alder = alder_calculate(fodselsdato=FODT, dato=dato, svangerskapsuker=28)
    assert not alder.korrigert
    assert alder.dager == 730
    just_before = alder_calculate(
        fodselsdato=FODT, dato=dato - dt.timedelta(days=1), svangerskapsuker=28
    )
    assert just_before.korrigert
    assert just_before.dager == 729 - 84


def test_unknown_gestation_is_not_corrected() -> None:
    alder = alder_calculate(fodselsdato=FODT, dato=dt.date(2024, 2, 10))
    assert not alder.korrigert
    assert alder.dager == 31


@pytest.mark.parametrize(
    ("maaletype", "kjonn", "dager", "median"),
    [
        (Maaletype.VEKT, Kjonn.GUTT, 0, 3.3464),
        (Maaletype.VEKT, Kjonn.GUTT, 365, 9.6479),
        (Maaletype.LENGDE, Kjonn.JENTE, 0, 49.1477),
        (Maaletype.HODEOMKRETS, Kjonn.GUTT, 0, 34.4618),
        (Maaletype.LENGDE, Kjonn.GUTT, 731, 87.1303),
    ],
)
def test_median_matches_who(maaletype: Maaletype, kjonn: Kjonn, dager: int, median: float) -> None:
    assert verdi_for_sds(maaletype=maaletype, kjonn=kjonn, dager=dager, sds=0) == pytest.approx(
        median, abs=0.01
    )
    sds = sds_calculate(maaletype=maaletype, kjonn=kjonn, dager=dager, verdi=median)
    assert sds == pytest.approx(0, abs=0.01)
    assert persentil(sds or 0) == pytest.approx(50, abs=0.5)


@pytest.mark.parametrize(("kg", "sds"), [(7.7, -2.0), (12.0, 2.0)])
def test_who_sd_lines_boys_weight_12_months(kg: float, sds: float) -> None:
    # The WHO z-score table rounds to 0.1 kg, so ±0.06 SD.
    result = sds_calculate(maaletype=Maaletype.VEKT, kjonn=Kjonn.GUTT, dager=365, verdi=kg)
    assert result == pytest.approx(sds, abs=0.06)


def test_no_score_outside_the_0_to_5_standard() -> None:
    assert sds_calculate(maaletype=Maaletype.VEKT, kjonn=Kjonn.GUTT, dager=-10, verdi=2.0) is None
    assert sds_calculate(maaletype=Maaletype.VEKT, kjonn=Kjonn.GUTT, dager=2200, verdi=20) is None


def test_lying_and_standing_length_converted_by_0_7_cm() -> None:
    assert lengde_adjust(70.0, dager=300, liggende=False) == pytest.approx(70.7)
    assert lengde_adjust(70.0, dager=300, liggende=True) == 70.0
    assert lengde_adjust(90.0, dager=800, liggende=True) == pytest.approx(89.3)


def test_major_lines_are_the_printed_centiles() -> None:
    centiles = [round(persentil(sds), 1) for _label, sds in HOVEDLINJER]
    assert centiles == [0.4, 2.3, 9.1, 25.2, 50.0, 74.8, 90.9, 97.7, 99.6]


def test_curve_runs_from_birth_to_the_end_with_rising_weight() -> None:
    punkter = kurve(Maaletype.VEKT, Kjonn.JENTE, 0.0, 730, 30)
    assert punkter[0][0] == 0
    assert punkter[-1][0] == 730
    verdier = [v for _d, v in punkter]
    assert verdier == sorted(verdier)


def _punkt(dag: int, sds: float) -> Punkt:
    from tjenester.helsestasjon.lib.vekst import Alder

    return Punkt(FODT + dt.timedelta(days=dag), Alder(dag, dag, False), 0.0, sds)


def test_lines_between() -> None:
    assert lines_between(0.1, -0.1) == 1  # the 50th
    assert lines_between(0.3, -0.9) == 2  # 50th and 25th
    assert lines_between(-0.5, -0.4) == 0


def test_crossing_two_lines_down_is_flagged() -> None:
    flagg = flagg_find([_punkt(30, 0.2), _punkt(120, -0.5), _punkt(240, -1.5)], navn="Vekt")
    assert [f.kode for f in flagg] == ["krysser_ned"]
    assert "3 persentillinjer nedover" in flagg[0].tekst


def test_following_a_centile_is_not_flagged() -> None:
    assert flagg_find([_punkt(d, -0.5 + d / 10000) for d in range(0, 700, 60)], navn="Vekt") == []


def test_one_line_crossed_is_not_flagged() -> None:
    assert flagg_find([_punkt(30, 0.1), _punkt(120, -0.4)], navn="Vekt") == []


def test_below_2_3rd_centile_is_flagged() -> None:
    flagg = flagg_find([_punkt(30, -1.9), _punkt(120, -2.1)], navn="Vekt")
    assert [f.kode for f in flagg] == ["under_2_3"]
    assert "under 2,3-persentilen" in flagg[0].tekst


def test_crossing_up_is_flagged() -> None:
    flagg = flagg_find([_punkt(30, -1.0), _punkt(300, 0.8)], navn="Vekt")
    assert [f.kode for f in flagg] == ["krysser_opp"]
