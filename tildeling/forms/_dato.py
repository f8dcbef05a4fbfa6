"""The date field every tildeling form uses, and the form with one date (the actions
"avslutt", "brev sendt" and "oversendt")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DatoField

DATO = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label: Any, required: bool = True) -> DatoField:
    return DatoField(
        label=label,
        required=required,
        widget=DATO,
        error_messages={"invalid": _("Skriv en gyldig dato."), "required": _("Oppgi dato.")},
    )


class DatoForm(forms.Form):
    dato = date_field(_("Dato"))
