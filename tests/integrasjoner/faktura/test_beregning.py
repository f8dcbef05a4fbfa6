"""FeeCalculator (integrasjoner/faktura/lib/beregning.py): worked examples from the forskrift,
rundskriv I-1/2013 and docs/standarder.md §7. Pure functions: no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as Dec

import pytest

from integrasjoner.faktura.lib import beregning as fee

G_2025 = Dec("130160")
# G from 1 May 2013 (NAV: 85 245); rundskriv I-1/2013 set fribeløp 7 000, korttid 137 per
# døgn, dag/natt 72 and the < 2G cap 175 per month.
G_2013 = Dec("85245")
NISSEDAL = (
    fee.Trinn(Dec("2"), Dec("530")),
    fee.Trinn(Dec("3"), Dec("1055")),
    fee.Trinn(Dec("4"), Dec("1900")),
    fee.Trinn(Dec("5"), None),
)


@pytest.mark.parametrize("inntekt", [G_2025, Dec("200000"), Dec("300000"), Dec("1000000")])
def test_for_income_at_or_above_g_the_resident_keeps_the_derived_amount(inntekt: Dec) -> None:
    # given the identity from §7: keeps 0.25·G + 0.75·fribeløp + 0.15·(income − G)
    fribelop = Dec("9400")
    expected = Dec("0.25") * G_2025 + Dec("0.75") * fribelop + Dec("0.15") * (inntekt - G_2025)
    # when
    keeps = fee.beholder_aar(inntekt=inntekt, g=G_2025, fribelop=fribelop)
    # then
    assert keeps == expected


def test_vederlag_worked_example_2025() -> None:
    # given income 300 000 after tax, G 130 160, fribeløp 9 400
    # when
    year = fee.vederlag_aar(inntekt=Dec("300000"), g=G_2025, fribelop=Dec("9400"))
    # then 0.75 × 120 760 + 0.85 × 169 840
    assert year == Dec("90570") + Dec("144364") == Dec("234934")


def test_vederlag_rundskriv_2013_numbers() -> None:
    # given income 200 000, G 85 245, fribeløp 7 000 (I-1/2013)
    # when
    year = fee.vederlag_aar(inntekt=Dec("200000"), g=G_2013, fribelop=Dec("7000"))
    # then 0.75 × 78 245 + 0.85 × 114 755
    assert year == Dec("58683.75") + Dec("97541.75")


def test_income_below_fribeloep_pays_no_vederlag_and_below_g_only_75_percent() -> None:
    # when / then
    assert fee.vederlag_aar(inntekt=Dec("6000"), g=G_2013, fribelop=Dec("7000")) == 0
    assert fee.vederlag_aar(inntekt=Dec("57000"), g=G_2013, fribelop=Dec("7000")) == Dec("37500")


def test_korttid_2013_rate_per_doegn_and_dag_natt() -> None:
    # when / then: I-1/2013: 137 per døgn, dag/natt 72
    assert fee.per_dogn(sats=Dec("137"), dogn=10) == Dec("1370.00")
    assert fee.per_dogn(sats=Dec("72"), dogn=4) == Dec("288.00")


def test_praktisk_bistand_under_2g_is_capped_by_the_state_cap_2013() -> None:
    # given 10 hours at 220, household income 1.5 G, the 2013 cap 175
    # when
    result = fee.praktisk_bistand(
        timer=Dec("10"),
        timepris=Dec("220"),
        inntekt=Dec("1.5") * G_2013,
        g=G_2013,
        tak_under_2g=Dec("175"),
        trinn=NISSEDAL,
    )
    # then
    assert (result.belop, result.trinn) == (Dec("175.00"), "<2G")


def test_band_edge_exactly_at_2g_belongs_to_the_band_above() -> None:
    # given income exactly 2 G, and one krone under
    def at_income(inntekt: Dec) -> fee.PraktiskBistand:
        return fee.praktisk_bistand(
            timer=Dec("10"),
            timepris=Dec("220"),
            inntekt=inntekt,
            g=G_2025,
            tak_under_2g=Dec("210"),
            trinn=NISSEDAL,
        )

    # when
    at = at_income(2 * G_2025)
    under = at_income(2 * G_2025 - 1)
    # then
    assert (at.trinn, at.belop) == ("2-3G", Dec("530.00"))
    assert (under.trinn, under.belop) == ("<2G", Dec("210.00"))


def test_bands_above_2g_and_no_cap_from_5g() -> None:
    # given
    def fee_at(multiple: str, timer: str = "10") -> fee.PraktiskBistand:
        return fee.praktisk_bistand(
            timer=Dec(timer),
            timepris=Dec("220"),
            inntekt=Dec(multiple) * G_2025,
            g=G_2025,
            tak_under_2g=Dec("210"),
            trinn=NISSEDAL,
        )

    # when / then
    assert (fee_at("3").trinn, fee_at("3").belop) == ("3-4G", Dec("1055.00"))
    assert (fee_at("4.99").trinn, fee_at("4.99").belop) == ("4-5G", Dec("1900.00"))
    assert (fee_at("5").trinn, fee_at("5").belop) == (">=5G", Dec("2200.00"))
    # fewer hours than the cap: hours × timepris
    assert fee_at("3", timer="2").belop == Dec("440.00")


def test_unknown_income_uses_the_lowest_cap() -> None:
    # when
    result = fee.praktisk_bistand(
        timer=Dec("10"),
        timepris=Dec("220"),
        inntekt=None,
        g=G_2025,
        tak_under_2g=Dec("210"),
        trinn=NISSEDAL,
    )
    # then
    assert (result.belop, result.trinn) == (Dec("210.00"), "ukjent inntekt")


def test_the_61st_short_term_doegn_is_charged_as_vederlag() -> None:
    # when / then
    assert fee.korttid_deling(dogn=10, tidligere_i_aar=55) == fee.Korttidsdeling(5, 5)
    assert fee.korttid_deling(dogn=1, tidligere_i_aar=60) == fee.Korttidsdeling(0, 1)
    assert fee.korttid_deling(dogn=1, tidligere_i_aar=59) == fee.Korttidsdeling(1, 0)
    assert fee.korttid_deling(dogn=30, tidligere_i_aar=0) == fee.Korttidsdeling(30, 0)


def test_vederlag_is_capped_at_actual_cost() -> None:
    # given a high income: 1 679 934 a year, 4 666.48 a døgn in a 30-day month
    # when
    result = fee.vederlag_for_doegn(
        inntekt=Dec("2000000"),
        g=G_2025,
        fribelop=Dec("9400"),
        kurdognpris=Dec("3500"),
        dogn=30,
        maned=dt.date(2025, 6, 1),
    )
    # then
    assert result.begrenset_til_kostnad
    assert result.belop == Dec("105000.00")


def test_vederlag_for_a_whole_month_is_a_twelfth_and_leave_is_pro_rata() -> None:
    # given 234 934 a year → 19 577.83 a month; June has 30 døgn
    def for_doegn(dogn: int) -> fee.Vederlag:
        return fee.vederlag_for_doegn(
            inntekt=Dec("300000"),
            g=G_2025,
            fribelop=Dec("9400"),
            kurdognpris=Dec("3500"),
            dogn=dogn,
            maned=dt.date(2025, 6, 1),
        )

    # when
    whole = for_doegn(30)
    with_leave = for_doegn(20)  # 10 døgn of leave/hospital
    # then
    assert whole.belop == Dec("19577.83")
    assert with_leave.belop == fee.kroner(Dec("234934") / 12 / 30 * 20) == Dec("13051.89")


def test_subscriptions_are_monthly_and_pro_rata_in_a_part_month() -> None:
    # when / then
    assert fee.abonnement(
        pris_per_maned=Dec("300"), aktive_dager=30, maned=dt.date(2025, 6, 1)
    ) == Dec("300.00")
    assert fee.abonnement(
        pris_per_maned=Dec("300"), aktive_dager=15, maned=dt.date(2025, 6, 1)
    ) == Dec("150.00")


def test_free_services_are_listed() -> None:
    # then
    assert {"helsetjenester_i_hjemmet", "personlig_stell", "avlastning", "omsorgsstonad"} <= (
        fee.GRATIS_TJENESTER
    )


def test_doegn_are_counted_half_open() -> None:
    # given a stay from 10 June to (not including) 13 June
    # when / then
    assert (
        fee.dager_i_periode(
            dt.date(2025, 6, 10), dt.date(2025, 6, 13), dt.date(2025, 6, 1), dt.date(2025, 6, 30)
        )
        == 3
    )
    assert (
        fee.dager_i_periode(dt.date(2025, 5, 20), None, dt.date(2025, 6, 1), dt.date(2025, 6, 30))
        == 30
    )
