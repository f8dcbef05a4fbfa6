from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.identifikatorer import ascii_sifre, orgnr_valid


def validate_orgnr(value: str) -> None:
    if not orgnr_valid(value):
        raise ValidationError(_("Ugyldig organisasjonsnummer: 9 sifre med gyldig kontrollsiffer."))


def validate_kommunenummer(value: str) -> None:
    if len(value) != 4 or not ascii_sifre(value):
        raise ValidationError(_("Kommunenummer må være fire sifre."))


def validate_hpr(value: str) -> None:
    if not ascii_sifre(value) or not 1 <= len(value) <= 9:
        raise ValidationError(_("HPR-nummer må være 1–9 sifre."))


# C0/C1 control characters other than tab, line feed and carriage return, and the Unicode
# bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): a name
# that starts with a right-to-left override shows reversed, and NUL cannot be stored.
STYRETEGN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# In names and one-line text, line breaks and tabs are control characters too.
STYRETEGN_KORT = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
STYRETEGN_MELDING = _(
    "Teksten inneholder styretegn eller skjulte retningstegn som ikke er tillatt."
)


def styretegn_finnes(value: str, *, kort: bool = False) -> bool:
    return bool((STYRETEGN_KORT if kort else STYRETEGN).search(value))


def validate_ren_tekst(value: str) -> None:
    """Names and short text: no control or bidi-override characters."""
    if styretegn_finnes(value, kort=True):
        raise ValidationError(STYRETEGN_MELDING, code="styretegn")


# Dates the record can hold: a birth in the 1800s to plans a good while ahead. Outside
# this, a date is a typing error (or an attack on date arithmetic), never a clinical fact.
DATO_MIN = dt.date(1850, 1, 1)
DATO_MAKS = dt.date(2199, 12, 31)


def validate_dato_rekkevidde(value: dt.date | dt.datetime | None) -> None:
    if value is None:
        return
    dato = value.date() if isinstance(value, dt.datetime) else value
    if not DATO_MIN <= dato <= DATO_MAKS:
        raise ValidationError(
            _("Datoen må ligge mellom %(fra)s og %(til)s.")
            % {"fra": DATO_MIN.strftime("%d.%m.%Y"), "til": DATO_MAKS.strftime("%d.%m.%Y")},
            code="dato_rekkevidde",
        )
