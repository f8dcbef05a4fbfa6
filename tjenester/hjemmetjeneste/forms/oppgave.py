"""Forms for ticking a visit's task: types only; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class OppgaveForm(forms.Form):
    utfort = forms.TypedChoiceField(
        choices=[("ja", _("Gjort")), ("nei", _("Ikke gjort"))], coerce=lambda v: v == "ja"
    )
    grunn = forms.CharField(required=False, max_length=300)
