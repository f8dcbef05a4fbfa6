"""Forms of the ward's task list: types only; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DatoField
from tjenester.sykehjem.models import (
    OppgaveStatus,
)


class KvitteringForm(forms.Form):
    """A tick on the ward's task list (hidden fields name the occurrence)."""

    tiltak = forms.UUIDField(widget=forms.HiddenInput)
    dato = DatoField(widget=forms.HiddenInput, input_formats=["%Y-%m-%d"])
    tidspunkt = forms.TimeField(
        widget=forms.HiddenInput, required=False, input_formats=["%H:%M", "%H:%M:%S"]
    )
    status = forms.ChoiceField(
        choices=OppgaveStatus.choices,
        error_messages={"required": _("Velg utført eller ikke utført.")},
    )
    grunn = forms.CharField(label=_("Hvorfor ikke utført?"), required=False, max_length=500)
