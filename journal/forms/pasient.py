from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DatoField
from journal.models import Kjoenn, Maalform


class DateInput(forms.DateInput):
    input_type = "date"


class PasientForm(forms.Form):
    identifikator = forms.CharField(
        label=_("Fødselsnummer / D-nummer / H-nummer"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    identifikator_utsteder = forms.CharField(
        label=_("Utsteder (bare for H-nummer)"), max_length=100, required=False
    )
    fornavn = forms.CharField(label=_("Fornavn"), max_length=100)
    mellomnavn = forms.CharField(label=_("Mellomnavn"), max_length=100, required=False)
    etternavn = forms.CharField(label=_("Etternavn"), max_length=100)
    fodselsdato = DatoField(label=_("Fødselsdato"), widget=DateInput)
    kjonn = forms.ChoiceField(label=_("Kjønn"), choices=Kjoenn.choices, initial=Kjoenn.UKJENT)
    adresse = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    postnummer = forms.RegexField(
        label=_("Postnummer"),
        regex=r"^[0-9]{4}$",
        required=False,
        error_messages={"invalid": _("Postnummer må være fire sifre.")},
    )
    poststed = forms.CharField(label=_("Poststed"), max_length=100, required=False)
    kommunenummer = forms.RegexField(
        label=_("Kommunenummer"),
        regex=r"^[0-9]{4}$",
        required=False,
        error_messages={"invalid": _("Kommunenummer må være fire sifre.")},
    )
    telefon = forms.CharField(
        label=_("Telefon"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    foretrukket_sprak = forms.CharField(label=_("Foretrukket språk"), max_length=50, required=False)
    tolkebehov = forms.BooleanField(label=_("Behov for tolk"), required=False)
    malform = forms.ChoiceField(
        label=_("Målform"), choices=Maalform.choices, initial=Maalform.BOKMAL
    )
    fastlege_hpr = forms.RegexField(
        label=_("Fastlegens HPR-nummer"),
        regex=r"^[0-9]{1,9}$",
        required=False,
        error_messages={"invalid": _("HPR-nummer må være 1–9 sifre.")},
    )
    paarorende_navn = forms.CharField(
        label=_("Nærmeste pårørende: navn"), max_length=200, required=False
    )
    paarorende_relasjon = forms.CharField(label=_("Relasjon"), max_length=100, required=False)
    paarorende_telefon = forms.CharField(
        label=_("Pårørendes telefon"), max_length=20, required=False
    )
    paarorende_er_verge = forms.BooleanField(label=_("Pårørende er verge"), required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("paarorende_navn") and not data.get("paarorende_relasjon"):
            self.add_error("paarorende_relasjon", _("Oppgi relasjon til pasienten."))
        return data
