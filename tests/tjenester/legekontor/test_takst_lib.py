"""The fee rules as pure code (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tjenester.legekontor.lib import takst as t

FRA = dt.date(2026, 1, 1)
K2AD = t.Takstregel("2ad", Decimal(175), Decimal(15), Decimal(160), FRA, utelukker=("2ak",))
K2AK = t.Takstregel("2ak", Decimal(328), Decimal(48), Decimal(280), FRA, utelukker=("2ad",))
K2CD = t.Takstregel(
    "2cd",
    Decimal(187),
    Decimal(177),
    Decimal(10),
    FRA,
    krever=("2ad",),
    krever_tid_min=20,
    per_paabegynt_min=15,
)
K11AD = t.Takstregel("11ad", None, None, Decimal(223), FRA)


def test_a_code_is_valid_only_in_its_period() -> None:
    gammel = t.Takstregel(
        "2ad",
        Decimal(1),
        Decimal(0),
        Decimal(1),
        dt.date(2025, 1, 1),
        gyldig_til=dt.date(2025, 12, 31),
    )
    assert t.gjeldende([gammel, K2AD], "2ad", dt.date(2025, 6, 1)) is gammel
    assert t.gjeldende([gammel, K2AD], "2ad", dt.date(2026, 6, 1)) is K2AD
    assert t.gjeldende([gammel], "2ad", dt.date(2026, 6, 1)) is None


def test_codes_that_exclude_each_other_are_refused_either_way() -> None:
    assert "kan ikke kombineres" in (t.kombinasjon_feil(K2AK, [K2AD]) or "")
    assert "kan ikke kombineres" in (t.kombinasjon_feil(K2AD, [K2AK]) or "")
    assert "allerede" in (t.kombinasjon_feil(K2AD, [K2AD]) or "")
    assert t.kombinasjon_feil(K2CD, [K2AD]) is None


@pytest.mark.parametrize(
    ("minutter", "antall"), [(None, 0), (20, 0), (21, 1), (35, 1), (36, 2), (65, 3)]
)
def test_the_time_code_repeats_per_started_quarter_over_20_minutes(
    minutter: int | None, antall: int
) -> None:
    assert t.antall_for_tid(K2CD, minutter) == antall
    assert (t.tid_feil(K2CD, minutter) is None) == (antall > 0)


def test_an_addition_needs_its_main_code() -> None:
    assert t.krever_feil([K2CD]) == ["Takst 2cd krever en av 2ad."]
    assert t.krever_feil([K2AD, K2CD]) == []


def test_the_patient_pays_the_sum_of_the_shares() -> None:
    result = t.beregn([t.Linje(K2AD), t.Linje(K2CD, 2)])
    assert result.egenandel == Decimal(180)
    assert result.honorar == Decimal(175 + 2 * 187)
    assert result.refusjon == Decimal(15 + 2 * 177)


@pytest.mark.parametrize("fritak", ["under16", "frikort", "yrkesskade"])
def test_with_an_exemption_the_share_is_0_and_refunded(fritak: str) -> None:
    result = t.beregn([t.Linje(K2AD)], fritak=fritak)
    assert result.egenandel == 0
    assert result.refusjon == Decimal(175)
    assert t.linje_beloep(t.Linje(K2AD), fritak=fritak) == (
        Decimal(175),
        Decimal(175),
        Decimal(0),
    )


def test_a_child_under_16_is_exempt_until_the_16th_birthday() -> None:
    born = dt.date(2010, 6, 15)
    assert t.fritak_for(fodselsdato=born, dato=dt.date(2026, 6, 14)) == "under16"
    assert t.fritak_for(fodselsdato=born, dato=dt.date(2026, 6, 15)) == ""
    assert t.fritak_for(fodselsdato=born, dato=dt.date(2026, 6, 15), frikort=True) == "frikort"
    with pytest.raises(ValueError, match="tull"):
        t.fritak_for(fodselsdato=born, dato=dt.date(2026, 6, 15), fritak="tull")


def test_unknown_and_unverified_amounts_are_reported() -> None:
    result = t.beregn([t.Linje(K11AD)])
    assert result.ukjent == ["11ad"]
    assert result.uverifisert == ["11ad"]
    assert result.egenandel == 0
