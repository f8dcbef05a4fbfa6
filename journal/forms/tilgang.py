from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DatoField
from core.models import Ansatt, Enhet, Virksomhet
from journal.models import SperringMal, Tilgangsgrunn, TilgangType


class UtvidetTilgangForm(forms.Form):
    identifikator = forms.CharField(
        label=_("Pasientens fødselsnummer / D-nummer"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    type = forms.ChoiceField(
        label=_("Type tilgang"),
        choices=TilgangType.choices,
        widget=forms.RadioSelect,
        initial=TilgangType.BESLUTNINGSSTYRT,
    )
    grunn = forms.ModelChoiceField(
        label=_("Grunn (for tilgang med begrunnelse)"),
        queryset=Tilgangsgrunn.objects.filter(aktiv=True),
        required=False,
        empty_label=_("Velg grunn"),
    )
    begrunnelse = forms.CharField(
        label=_("Begrunnelse (påkrevd ved akuttilgang)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        error_messages={"max_length": _("Begrunnelsen kan være høyst 500 tegn.")},
    )


class SperringForm(forms.Form):
    mal = forms.ChoiceField(label=_("Hvem skal ikke se journalen"), choices=SperringMal.choices)
    ansatt = forms.ModelChoiceField(
        label=_("Ansatt"), queryset=Ansatt.objects.filter(is_active=True), required=False
    )
    enhet = forms.ModelChoiceField(
        label=_("Enhet"), queryset=Enhet.objects.filter(aktiv=True), required=False
    )
    virksomhet = forms.ModelChoiceField(
        label=_("Virksomhet"), queryset=Virksomhet.objects.all(), required=False
    )
    begrunnelse = forms.CharField(
        label=_("Pasientens begrunnelse (valgfritt)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GjennomgangForm(forms.Form):
    kommentar = forms.CharField(
        label=_("Kommentar"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class LoggfilterForm(forms.Form):
    fra = DatoField(label=_("Fra"), widget=forms.DateInput(attrs={"type": "date"}))
    til = DatoField(label=_("Til"), widget=forms.DateInput(attrs={"type": "date"}))
    identifikator = forms.CharField(
        label=_("Pasientens fødselsnummer"), max_length=20, required=False
    )
    kun_flagget = forms.BooleanField(label=_("Bare flaggede oppslag"), required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        fra, til = data.get("fra"), data.get("til")
        if fra and til and fra > til:
            self.add_error("til", _("Til-dato kan ikke være før fra-dato."))
        return data
