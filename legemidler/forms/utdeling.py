"""Forms of the administration round: signing a dose, correcting, PRN, effect, closing a
missed-dose flag. Doses accept a decimal comma ("0,5")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from legemidler.lib.dosering import dose_parse
from legemidler.models import AdministrasjonStatus, IkkeGittGrunn


class DoseField(forms.CharField):
    """A dose typed as text; empty is None."""

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return dose_parse(text)
        except ValidationError as exc:
            raise ValidationError([m for ms in exc.message_dict.values() for m in ms]) from None


class SigneringForm(forms.Form):
    forordning = forms.UUIDField()
    forfall = forms.DateTimeField(input_formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z"])
    status = forms.ChoiceField(choices=AdministrasjonStatus.choices)
    dose = DoseField(required=False, max_length=20, label=_("Dose gitt"))
    grunn = forms.ChoiceField(
        choices=[("", "—"), *IkkeGittGrunn.choices], required=False, label=_("Grunn")
    )
    merknad = forms.CharField(required=False, max_length=500, label=_("Merknad"))
    neste = forms.CharField(required=False, max_length=500)

    def clean_forfall(self) -> dt.datetime:
        value: dt.datetime = self.cleaned_data["forfall"]
        return value.astimezone(dt.UTC)


class KorrigeringForm(forms.Form):
    status = forms.ChoiceField(choices=AdministrasjonStatus.choices, label=_("Riktig status"))
    dose = DoseField(required=False, max_length=20, label=_("Dose gitt"))
    grunn = forms.ChoiceField(
        choices=[("", "—"), *IkkeGittGrunn.choices], required=False, label=_("Grunn")
    )
    korreksjonsgrunn = forms.CharField(max_length=500, label=_("Hvorfor rettes det?"))
    neste = forms.CharField(required=False, max_length=500)


class BehovForm(forms.Form):
    behov_grunn = forms.CharField(max_length=300, label=_("Hvorfor gis dosen?"))
    dose = DoseField(required=False, max_length=20, label=_("Dose (tom: forordnet dose)"))
    merknad = forms.CharField(required=False, max_length=500, label=_("Merknad"))
    neste = forms.CharField(required=False, max_length=500)


class EffektForm(forms.Form):
    tekst = forms.CharField(max_length=1000, label=_("Effekt"))
    neste = forms.CharField(required=False, max_length=500)


class LukkForm(forms.Form):
    tiltak = forms.CharField(max_length=1000, label=_("Hva ble gjort?"))
    neste = forms.CharField(required=False, max_length=500)


class KontrollForm(forms.Form):
    neste = forms.CharField(required=False, max_length=500)
