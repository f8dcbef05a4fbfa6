from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class KjoeringStartForm(forms.Form):
    maned = forms.CharField(
        label=_("Måned"),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "ÅÅÅÅ-MM"}),
        help_text=_("Måneden som skal faktureres (ÅÅÅÅ-MM)."),
    )
