"""Forms for applications and cases: types and choices only; the rules live in the
services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.klokke import idag
from tildeling.forms._dato import date_field
from tildeling.models import Kanal, NotatType, SakStatus, Soeker, Tjenestetype
from tildeling.models.sak import BESKRIVELSE_MAKS


class SoeknadForm(forms.Form):
    identifikator = forms.CharField(
        label=_("Pasientens fødselsnummer"),
        max_length=13,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    mottatt_dato = date_field(_("Mottatt"))
    kanal = forms.ChoiceField(label=_("Kom inn som"), choices=Kanal.choices)
    soker = forms.ChoiceField(
        label=_("Søker"), choices=Soeker.choices, widget=forms.RadioSelect, initial=Soeker.PASIENT
    )
    representant_navn = forms.CharField(
        label=_("Representantens navn"), required=False, max_length=200
    )
    representant_relasjon = forms.CharField(
        label=_("Relasjon til pasienten"), required=False, max_length=100
    )
    tjenester = forms.MultipleChoiceField(
        label=_("Tjenester det søkes om"), widget=forms.CheckboxSelectMultiple, choices=[]
    )
    beskrivelse = forms.CharField(
        label=_("Hva søknaden gjelder"),
        required=False,
        max_length=BESKRIVELSE_MAKS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, tjenestetyper: list[Tjenestetype], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tjenester"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 - declared above
        field.choices = [(str(t.pk), t.navn) for t in tjenestetyper]
        self.fields["mottatt_dato"].initial = idag()


class NotatForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=NotatType.choices)
    dato = date_field(_("Dato"))
    tekst = forms.CharField(
        label=_("Notat"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=SakStatus.choices)


class ArbeidslisteForm(forms.Form):
    mine = forms.BooleanField(label=_("Bare mine saker"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Åpne saker")), *SakStatus.choices],
    )
