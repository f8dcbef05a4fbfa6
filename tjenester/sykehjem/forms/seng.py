"""Forms for rooms and beds: types only; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tjenester.sykehjem.forms.opphold import choices_set
from tjenester.sykehjem.models import (
    Sengetype,
)


class RomForm(forms.Form):
    navn = forms.CharField(label=_("Nytt rom (navn eller nummer)"), max_length=50)


class SengForm(forms.Form):
    rom = forms.ChoiceField(label=_("Rom"))
    navn = forms.CharField(label=_("Seng (navn)"), max_length=50, initial="A")
    type = forms.ChoiceField(label=_("Type"), choices=Sengetype.choices)

    def __init__(self, *args: Any, rom: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_set(self, "rom", rom)
