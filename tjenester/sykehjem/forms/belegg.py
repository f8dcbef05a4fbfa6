"""Forms of the occupancy board: types only; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tjenester.sykehjem.forms.opphold import dato_field


class BeleggForm(forms.Form):
    dato = dato_field(_("Dato"), required=False)
