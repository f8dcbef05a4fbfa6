from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integrasjoner.velferdsteknologi.models import AlarmUtfall


class AlarmLukkForm(forms.Form):
    utfall = forms.ChoiceField(
        label=_("Utfall"),
        choices=AlarmUtfall.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg utfallet av alarmen.")},
    )
    dokumentasjon = forms.CharField(
        label=_("Hva ble gjort"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Skriv hva som ble gjort.")},
    )
    journalfor = forms.BooleanField(
        label=_("Skriv dette som journalnotat for pasienten"), required=False
    )


class KoblingForm(forms.Form):
    identifikator = forms.CharField(
        label=_("Pasientens fødselsnummer"),
        max_length=13,
        error_messages={"required": _("Skriv pasientens fødselsnummer.")},
    )
    registrer_utstyr = forms.BooleanField(
        label=_("Registrer utstyret på pasienten (neste hendelser kobles automatisk)"),
        required=False,
        initial=True,
    )
