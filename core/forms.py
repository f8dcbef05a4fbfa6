from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.exceptions import LoginError
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


class AdminLoginForm(AdminAuthenticationForm):
    """/admin/login/ through core.services.ansatt_login: the same lockout (per user name and
    source) and the same audit rows as the web and API logins."""

    def clean(self) -> dict[str, Any]:
        from core.services import ansatt_login

        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username and password:
            try:
                ansatt = ansatt_login(username=username, password=password)
            except LoginError as exc:
                raise forms.ValidationError(exc.message) from exc
            ansatt.backend = "django.contrib.auth.backends.ModelBackend"
            self.user_cache = ansatt
            self.confirm_login_allowed(ansatt)
        return self.cleaned_data
