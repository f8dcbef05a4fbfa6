"""Forms for the ward's shifts: types only; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DatoField


class VaktForm(forms.Form):
    """A shift for a member of staff of the ward (a night shift ends the next morning)."""

    ansatt = forms.ChoiceField(label=_("Ansatt"))
    dato = DatoField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}))
    fra_tid = forms.TimeField(label=_("Fra"), widget=forms.TimeInput(attrs={"type": "time"}))
    til_tid = forms.TimeField(
        label=_("Til"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("En nattevakt slutter neste morgen: skriv for eksempel 22:00–07:30."),
    )

    def __init__(self, *args: Any, ansatte: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ansatt"].choices = ansatte  # type: ignore[attr-defined]
