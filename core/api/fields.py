"""Serializer fields with the bounds and formats the API promises in its schema."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.validators import validate_dato_rekkevidde


def _bounded(value: Any) -> None:
    try:
        validate_dato_rekkevidde(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages, code="dato_rekkevidde") from exc


class DatoField(serializers.DateField):
    """A date within DATO_MIN–DATO_MAKS (core.validators)."""

    def to_internal_value(self, value: Any) -> dt.date:
        result = super().to_internal_value(value)
        _bounded(result)
        return result


class DatoTidField(serializers.DateTimeField):
    """A date and time within DATO_MIN–DATO_MAKS (core.validators)."""

    def to_internal_value(self, value: Any) -> dt.datetime:
        result = super().to_internal_value(value)
        _bounded(result)
        return result


@extend_schema_field(
    {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "example": "08:00"}
)
class KlokkeslettField(serializers.TimeField):
    """A time of day as "HH:MM" (what the API sends; OpenAPI's `format: time` wants
    seconds and a time zone)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)
