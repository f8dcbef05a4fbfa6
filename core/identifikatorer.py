"""Norwegian person and organisation identifiers (docs/standarder.md §1), as pure functions.

Birth date, age and gender are never derived from a number: they are separate fields.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2, 1)


class IdentifikatorType(StrEnum):
    FNR = "FNR"
    DNR = "DNR"
    HNR = "HNR"
    FHN = "FHN"


class Syntetisk(StrEnum):
    TENOR = "tenor"  # Skatteetaten Tenor, month + 80
    SYNTPOP = "syntpop"  # FHI SyntPop, month + 65


class IdentifikatorError(ValueError):
    """An identifier that is not valid; the message is Norwegian and shown to users."""


@dataclass(frozen=True)
class Identifikator:
    verdi: str
    type: IdentifikatorType
    syntetisk: Syntetisk | None


def sifre_normalize(value: str) -> str:
    """Decimal digits of any script (full-width ０–９, Arabic-Indic, …) as ASCII 0–9.

    Other characters are left as they are, so a superscript ² or a letter is still refused
    by the check that follows (`ascii_sifre`): one identifier is never stored in two spellings.
    """
    return "".join(
        str(unicodedata.decimal(c))
        if not c.isascii() and unicodedata.decimal(c, None) is not None
        else c
        for c in value
    )


def ascii_sifre(value: str) -> bool:
    """Only the ASCII digits 0–9 (str.isdigit alone also takes ², ٣ and ０)."""
    return value.isascii() and value.isdigit()


def _checksum_ok(digits: list[int]) -> bool:
    """Mod 11 control digits, accepting the relaxed K1 rule for numbers issued from 2032."""
    s1 = sum(d * w for d, w in zip(digits[:9], _W1, strict=True))
    if (s1 + digits[9]) % 11 not in {0, 1, 2, 3}:
        return False
    s2 = sum(d * w for d, w in zip(digits[:10], _W2, strict=True))
    return (s2 + digits[10]) % 11 == 0


def control_digits(first_nine: str) -> str | None:
    """The legacy (pre-2032) K1 K2 for nine digits, or None when no valid pair exists."""
    digits = [int(c) for c in first_nine]
    k1 = (11 - sum(d * w for d, w in zip(digits, _W1, strict=True)) % 11) % 11
    if k1 == 10:
        return None
    digits.append(k1)
    k2 = (11 - sum(d * w for d, w in zip(digits, _W2, strict=True)) % 11) % 11
    if k2 == 10:
        return None
    return f"{k1}{k2}"


def _date_part_ok(day: int, month: int) -> bool:
    try:
        dt.date(2000, month, day)  # a leap year, so 29.02 is accepted
    except ValueError:
        return False
    return True


def identifikator_parse(value: str, *, allow_synthetic: bool) -> Identifikator:
    """Validate and classify an 11-digit person identifier (HIS 1001 procedure)."""
    verdi = sifre_normalize("".join(value.split()))
    if len(verdi) != 11 or not ascii_sifre(verdi):
        raise IdentifikatorError("Identifikatoren må være 11 sifre.")
    digits = [int(c) for c in verdi]
    if not _checksum_ok(digits):
        raise IdentifikatorError("Ugyldig fødselsnummer: kontrollsifrene stemmer ikke.")

    if digits[0] >= 8:
        if not 800000000 <= int(verdi[:9]) <= 999999999:
            raise IdentifikatorError("Ugyldig FH-nummer.")
        return Identifikator(verdi, IdentifikatorType.FHN, None)

    day = int(verdi[0:2])
    month = int(verdi[2:4])
    kind = IdentifikatorType.FNR
    syntetisk: Syntetisk | None = None
    if digits[0] >= 4:
        kind = IdentifikatorType.DNR
        day -= 40
    if digits[2] >= 8:
        syntetisk = Syntetisk.TENOR
        month -= 80
    elif digits[2] >= 6:
        syntetisk = Syntetisk.SYNTPOP
        month -= 65
    elif digits[2] >= 4:
        if kind is IdentifikatorType.DNR:
            raise IdentifikatorError("Ugyldig identifikator: både D- og H-nummer.")
        kind = IdentifikatorType.HNR
        month -= 40
    if syntetisk is not None and not allow_synthetic:
        raise IdentifikatorError("Syntetiske testidentiteter er ikke tillatt i dette miljøet.")
    if not _date_part_ok(day, month):
        raise IdentifikatorError("Ugyldig identifikator: datodelen er ikke en gyldig dato.")
    return Identifikator(verdi, kind, syntetisk)


def orgnr_valid(value: str) -> bool:
    """Organisasjonsnummer: 9 digits, weighted sum mod 11 == 0."""
    if len(value) != 9 or not ascii_sifre(value):
        return False
    return sum(int(d) * w for d, w in zip(value, _ORGNR_WEIGHTS, strict=True)) % 11 == 0


def orgnr_complete(first_eight: str) -> str | None:
    """Append the check digit to eight digits, or None when none exists."""
    total = sum(int(d) * w for d, w in zip(first_eight, _ORGNR_WEIGHTS[:8], strict=True))
    check = (11 - total % 11) % 11
    return None if check == 10 else f"{first_eight}{check}"
