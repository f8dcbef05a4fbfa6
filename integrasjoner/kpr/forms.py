from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DatoField


class RapportStartForm(forms.Form):
    fra = DatoField(
        label=_("Fra og med"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Første dag i perioden."),
    )
    til = DatoField(
        label=_("Til og med"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Siste dag i perioden (før i dag)."),
    )
