"""Serializer fields with the bounds and formats the API promises in its schema."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
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


class KlokkeslettField(serializers.TimeField):
    """A time of day, sent as "HH:MM" (its schema: core.api.schema.TimeFieldExtension)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)
