"""Forms for home care: types only; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DatoField
from tjenester.hjemmetjeneste.models import AvvikKategori


class DatoForm(forms.Form):
    dato = DatoField(
        label=_("Dato"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv en gyldig dato.")},
    )


class IkkeUtfoertForm(forms.Form):
    grunn = forms.CharField(label=_("Hvorfor ble besøket ikke utført?"), max_length=300)


class NotatForm(forms.Form):
    tekst = forms.CharField(
        label=_("Kort notat"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv notatet før du lagrer.")},
    )


class AvvikForm(forms.Form):
    kategori = forms.ChoiceField(label=_("Kategori"), choices=AvvikKategori.choices)
    tekst = forms.CharField(
        label=_("Hva skjedde?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Beskriv hva som skjedde.")},
    )
