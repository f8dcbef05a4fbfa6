"""The consultation form: held (with its note) or not attended."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DatoField
from tjenester.helsestasjon.forms.barn import DATO_FEIL, DATO_FORMATER, DATO_WIDGET
from tjenester.helsestasjon.models import KonsultasjonStatus


class KonsultasjonForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Utfall"),
        choices=KonsultasjonStatus.choices,
        initial=KonsultasjonStatus.UTFOERT,
        widget=forms.RadioSelect,
    )
    dato = DatoField(
        label=_("Dato"),
        required=False,
        help_text=_("Tomt felt: i dag."),
        input_formats=DATO_FORMATER,
        widget=DATO_WIDGET,
        error_messages=DATO_FEIL,
    )
    notat = forms.CharField(
        label=_("Notat"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Malen har temaene retningslinjen nevner for denne konsultasjonen."),
    )
