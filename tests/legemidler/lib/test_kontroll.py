"""The checks at ordering time (legemidler.lib.kontroll), without a database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from legemidler.lib.dosering import BEHOV, FAST, Doseringsplan, Dosetid
from legemidler.lib.kontroll import (
    Cave,
    InteraksjonData,
    Produkt,
    allergi_check,
    atc_matches,
    behov_maks_check,
    interaksjon_check,
    kontroller_run,
    samme_virkestoff_check,
    ukentlig_check,
)

APOCILLIN = Produkt("Apocillin tab 660 mg", "J01CE02", frozenset({"Fenoksymetylpenicillin"}))
SELEXID = Produkt("Selexid tab 200 mg", "J01CA08", frozenset({"Pivmecillinam"}))
MAREVAN = Produkt("Marevan tab 2,5 mg", "B01AA03", frozenset({"Warfarin"}))
IBUX = Produkt("Ibux tab 400 mg", "M01AE01", frozenset({"Ibuprofen"}))
PARACET = Produkt("Paracet tab 500 mg", "N02BE01", frozenset({"Paracetamol"}))
PARALGIN = Produkt("Paralgin forte", "N02AJ06", frozenset({"Paracetamol", "Kodein"}))
MTX = Produkt("Metotreksat tab 2,5 mg", "L04AX03", frozenset({"Metotreksat"}))
WARFARIN_NSAID = InteraksjonData(
    gruppe1=("B01AA03",),
    gruppe2=("M01AE01", "M01AB05"),
    relevans="Bør unngås",
    konsekvens="Økt blødningsrisiko.",
    handtering="Velg paracetamol.",
)
DAGLIG = Doseringsplan(type=FAST, tider=(Dosetid(dt.time(8), Decimal(1)),))
UKENTLIG = Doseringsplan(type=FAST, tider=(Dosetid(dt.time(8), Decimal(4)),), ukedager=(1,))


def test_atc_groups_match_every_code_below_them() -> None:
    assert atc_matches("J01CE02", "J01C")
    assert atc_matches("J01CE02", "j01ce02")
    assert not atc_matches("J01EA01", "J01C")
    assert not atc_matches("J01CE02", "")


def test_a_coded_penicillin_allergy_catches_every_penicillin() -> None:
    # given: CAVE penicillin coded as the group J01C
    cave = [Cave("Penicillin", "J01C", "Urtikaria")]

    # then: both penicillins are caught, a non-penicillin is not
    assert [f.kontroll for f in allergi_check(APOCILLIN, cave)] == ["allergi"]
    assert "Urtikaria" in allergi_check(SELEXID, cave)[0].melding
    assert allergi_check(PARACET, cave) == []


def test_an_uncoded_allergy_matches_the_substance_by_name() -> None:
    assert allergi_check(PARALGIN, [Cave("kodein")])
    assert allergi_check(PARALGIN, [Cave("Penicillin")]) == []


def test_an_interaction_is_found_both_ways_with_consequence_and_advice() -> None:
    # when: ibuprofen ordered while warfarin is active, and the other way round
    forward = interaksjon_check(IBUX, [MAREVAN], [WARFARIN_NSAID])
    backward = interaksjon_check(MAREVAN, [IBUX], [WARFARIN_NSAID])

    # then
    assert len(forward) == len(backward) == 1
    assert forward[0].melding.startswith("Bør unngås: Ibux tab 400 mg og Marevan tab 2,5 mg.")
    assert "Håndtering: Velg paracetamol." in forward[0].melding
    assert interaksjon_check(PARACET, [MAREVAN], [WARFARIN_NSAID]) == []


def test_the_same_substance_twice_is_found_through_a_combination_product() -> None:
    funn = samme_virkestoff_check(PARACET, [PARALGIN])
    assert [f.kontroll for f in funn] == ["samme_virkestoff"]
    assert "paracetamol" in funn[0].melding
    assert samme_virkestoff_check(PARACET, [MAREVAN]) == []


def test_methotrexate_daily_is_stopped_weekly_is_not() -> None:
    ukentlige = [("L04AX03", "Metotreksat")]
    assert [f.kontroll for f in ukentlig_check(MTX, DAGLIG, ukentlige)] == ["ukentlig"]
    assert ukentlig_check(MTX, UKENTLIG, ukentlige) == []
    prn = Doseringsplan(type=BEHOV, behov_dose=Decimal(1), behov_maks_per_doegn=Decimal(1))
    assert ukentlig_check(MTX, prn, ukentlige)
    assert ukentlig_check(PARACET, DAGLIG, ukentlige) == []


def test_a_prn_without_a_maximum_is_a_finding() -> None:
    uten = Doseringsplan(type=BEHOV, behov_dose=Decimal(1))
    med = Doseringsplan(type=BEHOV, behov_dose=Decimal(1), behov_maks_per_doegn=Decimal(4))
    assert [f.kontroll for f in behov_maks_check(uten)] == ["behov_maks"]
    assert behov_maks_check(med) == []


def test_all_checks_run_in_order() -> None:
    funn = kontroller_run(
        IBUX,
        Doseringsplan(type=BEHOV, behov_dose=Decimal(1)),
        cave=[Cave("Ibuprofen", "M01AE")],
        aktive=[MAREVAN, IBUX],
        interaksjoner=[WARFARIN_NSAID],
        ukentlige=[],
    )
    assert [f.kontroll for f in funn] == [
        "allergi",
        "interaksjon",
        "samme_virkestoff",
        "behov_maks",
    ]
