"""Search values as a FHIR client writes them (pure parsing, no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from integrasjoner.fhir.lib.parametre import (
    MAKS_ANTALL,
    UgyldigParameter,
    antall_parse,
    dato_parse,
    referanse_parse,
    token_parse,
)


@pytest.mark.parametrize(
    ("verdi", "prefiks", "fra", "til"),
    [
        ("2026-03-02", "eq", dt.date(2026, 3, 2), dt.date(2026, 3, 3)),
        ("ge2026-03", "ge", dt.date(2026, 3, 1), dt.date(2026, 4, 1)),
        ("lt2026", "lt", dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
        ("le2026-12", "le", dt.date(2026, 12, 1), dt.date(2027, 1, 1)),
        ("2026-03-02T10:15:00+01:00", "eq", dt.date(2026, 3, 2), dt.date(2026, 3, 3)),
    ],
)
def test_a_date_is_a_range_of_days_with_its_prefix(
    verdi: str, prefiks: str, fra: dt.date, til: dt.date
) -> None:
    # when
    parsed = dato_parse(verdi)
    # then
    assert (parsed.prefiks, parsed.fra, parsed.til) == (prefiks, fra, til)


@pytest.mark.parametrize("verdi", ["2026-02-30", "sa2026", "i går", "20260302", "9999999"])
def test_what_is_not_a_date_is_refused_in_norwegian(verdi: str) -> None:
    with pytest.raises(UgyldigParameter, match=r"dato|Datoprefikset"):
        dato_parse(verdi)


def test_count_is_capped_and_must_be_a_number() -> None:
    assert antall_parse(None) == 20
    assert antall_parse("100000") == MAKS_ANTALL
    assert antall_parse("0") == 1
    with pytest.raises(UgyldigParameter):
        antall_parse("ti")


def test_tokens_and_references() -> None:
    assert token_parse("urn:oid:2.16.578.1.12.4.1.4.1|12345678901") == (
        "urn:oid:2.16.578.1.12.4.1.4.1",
        "12345678901",
    )
    assert token_parse("|K86") == (None, "K86")
    assert token_parse("K86") == (None, "K86")
    assert referanse_parse("http://x/fhir/Patient/abc", "Patient") == "abc"
    assert referanse_parse("abc", "Patient") == "abc"
    with pytest.raises(UgyldigParameter):
        referanse_parse("Practitioner/abc", "Patient")
