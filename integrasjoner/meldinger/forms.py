from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integrasjoner.meldinger.services.arbeidsliste import SVAR_MAKS


class KoblingForm(forms.Form):
    identifikator = forms.CharField(
        label=_("Pasientens fødselsnummer"),
        max_length=13,
        error_messages={"required": _("Skriv pasientens fødselsnummer.")},
    )


class SvarForm(forms.Form):
    tekst = forms.CharField(
        label=_("Svar"),
        max_length=SVAR_MAKS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv et svar.")},
    )
