"""Identifier validation against the test vectors of docs/standarder.md §1.4."""

from __future__ import annotations

import pytest

from core.identifikatorer import (
    IdentifikatorError,
    IdentifikatorType,
    Syntetisk,
    identifikator_parse,
    orgnr_valid,
)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("01015000232", IdentifikatorType.FNR),
        ("13097248022", IdentifikatorType.FNR),
        ("29029648784", IdentifikatorType.FNR),
        ("29020075838", IdentifikatorType.FNR),
        ("15021951940", IdentifikatorType.FNR),
        ("15108695088", IdentifikatorType.FNR),
        ("15076500565", IdentifikatorType.FNR),
        ("53097248016", IdentifikatorType.DNR),
        ("51106297510", IdentifikatorType.DNR),
        ("70108299914", IdentifikatorType.DNR),
        ("13527248013", IdentifikatorType.HNR),
        ("81212121223", IdentifikatorType.FHN),
        ("94545456561", IdentifikatorType.FHN),
        ("02013299997", IdentifikatorType.FNR),
        ("30108299920", IdentifikatorType.FNR),
        ("30108299939", IdentifikatorType.FNR),  # valid only under the 2032 rule
    ],
)
def test_valid_identifiers_are_classified(value: str, kind: IdentifikatorType) -> None:
    # when
    parsed = identifikator_parse(value, allow_synthetic=False)
    # then
    assert parsed.type is kind
    assert parsed.syntetisk is None


@pytest.mark.parametrize(
    ("value", "syntetisk"),
    [
        ("10915596784", Syntetisk.TENOR),
        ("28894698995", Syntetisk.TENOR),
        ("31739556891", Syntetisk.SYNTPOP),
    ],
)
def test_synthetic_identities_only_where_allowed(value: str, syntetisk: Syntetisk) -> None:
    # when / then
    assert identifikator_parse(value, allow_synthetic=True).syntetisk is syntetisk
    with pytest.raises(IdentifikatorError, match="Syntetiske"):
        identifikator_parse(value, allow_synthetic=False)


@pytest.mark.parametrize(
    "value",
    [
        "13097248032",
        "13097248023",
        "02013299987",
        "02013299996",
        "13057444850",
        "1309724802",
        "130972480221",
        "1309724802a",
        "",
        "32017200000",
    ],
)
def test_invalid_identifiers_are_rejected_in_norwegian(value: str) -> None:
    # when / then
    with pytest.raises(IdentifikatorError) as error:
        identifikator_parse(value, allow_synthetic=True)
    assert any(word in str(error.value) for word in ("sifre", "kontrollsifrene", "dato", "Ugyldig"))


def test_whitespace_inside_a_number_is_accepted() -> None:
    # when / then
    assert identifikator_parse("010150 00232", allow_synthetic=False).verdi == "01015000232"


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("988077917", True),
        ("883974832", True),
        ("889640782", True),
        ("988077918", False),
        ("98807791", False),
        ("98807791x", False),
    ],
)
def test_organisasjonsnummer(value: str, valid: bool) -> None:
    assert orgnr_valid(value) is valid
