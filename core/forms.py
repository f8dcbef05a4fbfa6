from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import validate_dato_rekkevidde


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Brukernavn"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("Passord"),
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class DatoField(forms.DateField):
    """A date within DATO_MIN–DATO_MAKS (year 1 or 9999 is a form error, not an overflow)."""

    default_validators = [validate_dato_rekkevidde]


class DatoTidField(forms.DateTimeField):
    """A date and time within DATO_MIN–DATO_MAKS."""

    default_validators = [validate_dato_rekkevidde]
