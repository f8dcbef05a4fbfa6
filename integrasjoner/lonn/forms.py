from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DatoField


class PeriodeForm(forms.Form):
    fra_dato = DatoField(
        label=_("Fra og med"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Velg første dag i perioden.")},
    )
    til_dato = DatoField(
        label=_("Til og med"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Velg siste dag i perioden.")},
    )


class LinjefilterForm(forms.Form):
    ansatt = forms.UUIDField(label=_("Ansatt"), required=False)
    enhet = forms.UUIDField(label=_("Enhet"), required=False)
