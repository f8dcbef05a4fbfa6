"""NEWS2 against the RCP chart (2017): every band edge of every parameter, and the levels."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from journal.lib.news2 import (
    NULLPOENG_OMRADE,
    News2Verdier,
    bevissthet_score,
    news2_calculate,
    news2_level,
    news2_tiltak,
    oksygen_score,
    puls_score,
    respirasjon_score,
    spo2_skala1_score,
    spo2_skala2_score,
    systolisk_score,
    temperatur_score,
)
from journal.models import Bevissthet, News2Nivaa

# A full set scoring 0 on every parameter.
NORMAL = News2Verdier(
    respirasjon=16,
    spo2=98,
    spo2_skala=1,
    oksygen=False,
    systolisk=130,
    puls=70,
    bevissthet=Bevissthet.A,
    temperatur=Decimal("37.0"),
)


def _with(**changes: Any) -> News2Verdier:
    return replace(NORMAL, **changes)


@pytest.mark.parametrize(
    ("per_minutt", "score"),
    [(3, 3), (8, 3), (9, 1), (11, 1), (12, 0), (20, 0), (21, 2), (24, 2), (25, 3), (80, 3)],
)
def test_respiration_rate_bands(per_minutt: int, score: int) -> None:
    # when
    result = respirasjon_score(per_minutt)
    # then
    assert result == score


@pytest.mark.parametrize(
    ("prosent", "score"),
    [(50, 3), (91, 3), (92, 2), (93, 2), (94, 1), (95, 1), (96, 0), (100, 0)],
)
def test_spo2_scale_1_bands(prosent: int, score: int) -> None:
    # when
    result = spo2_skala1_score(prosent)
    # then
    assert result == score


@pytest.mark.parametrize(
    ("prosent", "oksygen", "score"),
    [
        (50, False, 3),
        (83, False, 3),
        (83, True, 3),
        (84, False, 2),
        (85, True, 2),
        (86, False, 1),
        (87, True, 1),
        (88, False, 0),
        (88, True, 0),
        (92, False, 0),
        (92, True, 0),
        # on air, 93 % and above is within target for scale 2
        (93, False, 0),
        (97, False, 0),
        (100, False, 0),
        # on oxygen, 93 % and above scores: over-oxygenation
        (93, True, 1),
        (94, True, 1),
        (95, True, 2),
        (96, True, 2),
        (97, True, 3),
        (100, True, 3),
    ],
)
def test_spo2_scale_2_bands(prosent: int, oksygen: bool, score: int) -> None:
    # when
    result = spo2_skala2_score(prosent, oksygen=oksygen)
    # then
    assert result == score


@pytest.mark.parametrize(("oksygen", "score"), [(False, 0), (True, 2)])
def test_air_or_oxygen(oksygen: bool, score: int) -> None:
    # when
    result = oksygen_score(oksygen)
    # then
    assert result == score


@pytest.mark.parametrize(
    ("mmhg", "score"),
    [(40, 3), (90, 3), (91, 2), (100, 2), (101, 1), (110, 1), (111, 0), (219, 0), (220, 3)],
)
def test_systolic_pressure_bands(mmhg: int, score: int) -> None:
    # when
    result = systolisk_score(mmhg)
    # then
    assert result == score


@pytest.mark.parametrize(
    ("per_minutt", "score"),
    [
        (20, 3),
        (40, 3),
        (41, 1),
        (50, 1),
        (51, 0),
        (90, 0),
        (91, 1),
        (110, 1),
        (111, 2),
        (130, 2),
        (131, 3),
        (250, 3),
    ],
)
def test_pulse_bands(per_minutt: int, score: int) -> None:
    # when
    result = puls_score(per_minutt)
    # then
    assert result == score


@pytest.mark.parametrize(
    ("niva", "score"),
    [("A", 0), ("C", 3), ("V", 3), ("P", 3), ("U", 3)],
)
def test_consciousness_alert_scores_0_and_cvpu_3(niva: str, score: int) -> None:
    # when
    result = bevissthet_score(niva)
    # then
    assert result == score


def test_unknown_consciousness_level_is_an_error() -> None:
    # when / then
    with pytest.raises(ValueError, match="ACVPU"):
        bevissthet_score("X")


@pytest.mark.parametrize(
    ("celsius", "score"),
    [
        ("25.0", 3),
        ("35.0", 3),
        ("35.1", 1),
        ("36.0", 1),
        ("36.1", 0),
        ("38.0", 0),
        ("38.1", 1),
        ("39.0", 1),
        ("39.1", 2),
        ("45.0", 2),
    ],
)
def test_temperature_bands(celsius: str, score: int) -> None:
    # when
    result = temperatur_score(Decimal(celsius))
    # then
    assert result == score


@pytest.mark.parametrize(
    ("felt", "scorer"),
    [
        ("respirasjon", respirasjon_score),
        ("systolisk", systolisk_score),
        ("puls", puls_score),
    ],
)
def test_shaded_zero_band_of_the_charts_matches_the_scoring(felt: str, scorer: object) -> None:
    # given
    low, high = NULLPOENG_OMRADE[felt]
    # when
    inside = [scorer(int(low)), scorer(int(high))]  # type: ignore[operator]
    outside = [scorer(int(low) - 1), scorer(int(high) + 1)]  # type: ignore[operator]
    # then
    assert inside == [0, 0]
    assert 0 not in outside


def test_shaded_zero_band_of_temperature_matches_the_scoring() -> None:
    # given
    low, high = NULLPOENG_OMRADE["temperatur"]
    step = Decimal("0.1")
    # when / then
    assert temperatur_score(low) == temperatur_score(high) == 0
    assert temperatur_score(low - step) != 0
    assert temperatur_score(high + step) != 0


def test_all_normal_scores_0_with_level_none() -> None:
    # when
    result = news2_calculate(NORMAL)
    # then
    assert result.total == 0
    assert result.niva == News2Nivaa.INGEN
    assert result.mangler == ()
    assert result.melding == ""
    assert set(result.delscorer) == {
        "respirasjon",
        "spo2",
        "oksygen",
        "systolisk",
        "puls",
        "bevissthet",
        "temperatur",
    }


def test_a_set_that_totals_exactly_7_is_high_risk() -> None:
    # given: respiration 22 (2) + SpO2 95 (1) + oxygen (2) + systolic 105 (1) + pulse 95 (1)
    verdier = _with(respirasjon=22, spo2=95, oksygen=True, systolisk=105, puls=95)
    # when
    result = news2_calculate(verdier)
    # then
    assert result.delscorer == {
        "respirasjon": 2,
        "spo2": 1,
        "oksygen": 2,
        "systolisk": 1,
        "puls": 1,
        "bevissthet": 0,
        "temperatur": 0,
    }
    assert result.total == 7
    assert result.niva == News2Nivaa.HOY
    assert result.tiltak == ("Akutt vurdering av team med kritisk kompetanse, vurder overflytting")


def test_the_worst_possible_set_totals_20() -> None:
    # given
    verdier = _with(
        respirasjon=30,
        spo2=85,
        oksygen=True,
        systolisk=80,
        puls=140,
        bevissthet=Bevissthet.U,
        temperatur=Decimal("34.0"),
    )
    # when
    result = news2_calculate(verdier)
    # then
    assert result.total == 20
    assert result.niva == News2Nivaa.HOY


def test_scale_2_counts_over_oxygenation_and_oxygen_separately() -> None:
    # given: 97 % on oxygen on scale 2 scores 3 for SpO2 and 2 for the oxygen
    verdier = _with(spo2=97, spo2_skala=2, oksygen=True)
    # when
    result = news2_calculate(verdier)
    # then
    assert result.delscorer["spo2"] == 3
    assert result.delscorer["oksygen"] == 2
    assert result.total == 5
    assert result.niva == News2Nivaa.MIDDELS


def test_scale_2_on_air_within_target_scores_0() -> None:
    # when
    result = news2_calculate(_with(spo2=90, spo2_skala=2, oksygen=False))
    # then
    assert result.total == 0


@pytest.mark.parametrize(
    ("total", "delscorer", "niva"),
    [
        (0, {}, News2Nivaa.INGEN),
        (1, {"puls": 1}, News2Nivaa.LAV),
        (4, {"puls": 2, "respirasjon": 2}, News2Nivaa.LAV),
        (3, {"bevissthet": 3}, News2Nivaa.LAV_MIDDELS),
        (4, {"bevissthet": 3, "puls": 1}, News2Nivaa.LAV_MIDDELS),
        (5, {"puls": 2, "respirasjon": 2, "temperatur": 1}, News2Nivaa.MIDDELS),
        (5, {"bevissthet": 3, "puls": 2}, News2Nivaa.MIDDELS),
        (6, {"bevissthet": 3, "respirasjon": 3}, News2Nivaa.MIDDELS),
        (7, {"bevissthet": 3, "respirasjon": 3, "puls": 1}, News2Nivaa.HOY),
        (20, {"bevissthet": 3}, News2Nivaa.HOY),
    ],
)
def test_levels_from_total_and_single_red_scores(
    total: int, delscorer: dict[str, int], niva: News2Nivaa
) -> None:
    # when
    result = news2_level(total, delscorer)
    # then
    assert result == niva


def test_a_single_parameter_scoring_3_gives_low_medium_with_its_response() -> None:
    # given: new confusion, everything else normal
    verdier = _with(bevissthet=Bevissthet.C)
    # when
    result = news2_calculate(verdier)
    # then
    assert result.total == 3
    assert result.niva == News2Nivaa.LAV_MIDDELS
    assert result.tiltak == "Rask vurdering av lege"


@pytest.mark.parametrize(
    ("niva", "tekst"),
    [
        (News2Nivaa.LAV, "Vurdering av kompetent sykepleier"),
        (News2Nivaa.LAV_MIDDELS, "Rask vurdering av lege"),
        (News2Nivaa.MIDDELS, "Akutt vurdering av lege/team med akuttkompetanse"),
        (News2Nivaa.HOY, "Akutt vurdering av team med kritisk kompetanse, vurder overflytting"),
        ("", ""),
    ],
)
def test_escalation_texts(niva: str, tekst: str) -> None:
    # when
    result = news2_tiltak(niva)
    # then
    assert result == tekst


@pytest.mark.parametrize(
    ("felt", "tom", "navn"),
    [
        ("respirasjon", None, "respirasjonsfrekvens"),
        ("spo2", None, "SpO₂"),
        ("oksygen", None, "luft eller oksygen"),
        ("systolisk", None, "systolisk blodtrykk"),
        ("puls", None, "puls"),
        ("bevissthet", "", "bevissthet (ACVPU)"),
        ("temperatur", None, "temperatur"),
    ],
)
def test_one_missing_parameter_gives_no_score_and_says_which(
    felt: str, tom: object, navn: str
) -> None:
    # given
    verdier = _with(**{felt: tom})
    # when
    result = news2_calculate(verdier)
    # then
    assert result.total is None
    assert result.niva is None
    assert result.tiltak == ""
    assert result.mangler == (felt,)
    assert result.melding == f"NEWS2 kan ikke beregnes: mangler {navn}"
    assert felt not in result.delscorer


def test_nothing_measured_lists_all_seven_in_chart_order() -> None:
    # when
    result = news2_calculate(News2Verdier())
    # then
    assert result.melding == (
        "NEWS2 kan ikke beregnes: mangler respirasjonsfrekvens, SpO₂, luft eller oksygen, "
        "systolisk blodtrykk, puls, bevissthet (ACVPU), temperatur"
    )
    assert result.delscorer == {}


def test_scale_2_high_saturation_without_air_or_oxygen_cannot_be_scored() -> None:
    # given: 95 % on scale 2 scores 0 on air and 2 on oxygen; which one is unknown
    verdier = _with(spo2=95, spo2_skala=2, oksygen=None)
    # when
    result = news2_calculate(verdier)
    # then
    assert result.total is None
    assert result.mangler == ("oksygen",)
    assert "spo2" not in result.delscorer
