"""Forms of reconciliation and review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from legemidler.forms.forordning import DATE_FORMATS, DateInput
from legemidler.models import Beslutning, SamstemmingAnledning


class SamstemmingStartForm(forms.Form):
    anledning = forms.ChoiceField(label=_("Anledning"), choices=SamstemmingAnledning.choices)
    kilde = forms.CharField(
        label=_("Kilde for innkommende liste"),
        max_length=300,
        help_text=_("F.eks. fastlegens legemiddelliste, epikrise, pasient eller pårørende."),
    )


class LinjeForm(forms.Form):
    innkommende = forms.CharField(
        label=_("Legemiddel fra innkommende liste, slik det står"),
        max_length=300,
        help_text=_("F.eks. «Paracet 500 mg 2 x 3»."),
    )
    legemiddel = forms.UUIDField(label=_("Legemiddel i katalogen (valgfritt)"), required=False)

    def __init__(self, *args: object, legemidler: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["legemiddel"].widget = forms.Select(
            choices=[("", _("Ikke valgt")), *legemidler]
        )


class BeslutningForm(forms.Form):
    beslutning = forms.ChoiceField(label=_("Beslutning"), choices=Beslutning.choices)
    begrunnelse = forms.CharField(label=_("Begrunnelse"), max_length=500)


class GjennomgangForm(forms.Form):
    dato = forms.DateField(label=_("Dato"), input_formats=DATE_FORMATS, widget=DateInput())
    deltakere = forms.CharField(
        label=_("Deltakere"), max_length=500, help_text=_("F.eks. lege, sykepleier, farmasøyt.")
    )
    funn = forms.CharField(
        label=_("Funn"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    endringer = forms.CharField(
        label=_("Endringer"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
