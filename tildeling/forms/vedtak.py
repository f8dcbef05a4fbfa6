"""The decision form: types and choices only; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Enhet
from tildeling.forms._dato import date_field
from tildeling.models import Tjenestetype, Utfall

DESIMAL = {"inputmode": "decimal", "autocomplete": "off"}


class VedtakForm(forms.Form):
    tjenestetype = forms.ModelChoiceField(
        label=_("Tjeneste"), queryset=Tjenestetype.objects.none(), empty_label=None
    )
    utfall = forms.ChoiceField(label=_("Utfall"), choices=Utfall.choices, widget=forms.RadioSelect)
    omfang = forms.DecimalField(
        label=_("Omfang"),
        required=False,
        localize=True,
        widget=forms.TextInput(attrs=DESIMAL),
        help_text=_("I enheten tjenesten måles i (timer, besøk eller dager per uke, døgn)."),
        error_messages={"invalid": _("Skriv et tall, for eksempel 3,5.")},
    )
    fra_dato = date_field(_("Fra"), required=False)
    til_dato = date_field(_("Til"), required=False)
    revurdering_dato = date_field(_("Revurderes innen"), required=False)
    utforende_enhet = forms.ModelChoiceField(
        label=_("Utførende enhet"),
        queryset=Enhet.objects.none(),
        required=False,
        empty_label=_("(ikke valgt ennå)"),
    )
    begrunnelse = forms.CharField(
        label=_("Begrunnelse"), max_length=8000, widget=forms.Textarea(attrs={"rows": 6})
    )
    lovgrunnlag = forms.CharField(
        label=_("Lovgrunnlag"),
        required=False,
        help_text=_("Tomt: lovgrunnlaget i tjenestekatalogen."),
    )
    egenandel_grunnlag = forms.CharField(
        label=_("Grunnlag for egenandel"),
        required=False,
        help_text=_("Tomt: teksten i tjenestekatalogen (når tjenesten har egenandel)."),
    )

    def __init__(
        self, *args: Any, tjenestetyper: list[Tjenestetype], enheter: list[Enhet], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tjenestetype"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = Tjenestetype.objects.filter(pk__in=[t.pk for t in tjenestetyper])
        enhet_field = self.fields["utforende_enhet"]
        assert isinstance(enhet_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        enhet_field.queryset = Enhet.objects.filter(pk__in=[e.pk for e in enheter])
