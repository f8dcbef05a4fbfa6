"""Forms of the waiting list: types only; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.klokke import idag
from tjenester.sykehjem.forms.opphold import dato_field
from tjenester.sykehjem.models import (
    Prioritet,
)


class VentelisteForm(forms.Form):
    identifikator = forms.CharField(
        label=_("Fødselsnummer"),
        max_length=13,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    prioritet = forms.TypedChoiceField(
        label=_("Prioritet"), choices=Prioritet.choices, coerce=int, initial=Prioritet.MIDDELS
    )
    soknadsdato = dato_field(_("Søknadsdato"), initial=idag)
    vedtaksdato = dato_field(_("Vedtaksdato"), required=False)
    merknad = forms.CharField(label=_("Merknad"), required=False, max_length=500)
