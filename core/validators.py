from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.identifikatorer import orgnr_valid


def validate_orgnr(value: str) -> None:
    if not orgnr_valid(value):
        raise ValidationError(_("Ugyldig organisasjonsnummer: 9 sifre med gyldig kontrollsiffer."))


def validate_kommunenummer(value: str) -> None:
    if len(value) != 4 or not value.isdigit():
        raise ValidationError(_("Kommunenummer må være fire sifre."))


def validate_hpr(value: str) -> None:
    if not value.isdigit() or not 1 <= len(value) <= 9:
        raise ValidationError(_("HPR-nummer må være 1–9 sifre."))
