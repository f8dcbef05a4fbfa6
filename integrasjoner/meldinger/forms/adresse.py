"""Forms for the address book (admin)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Enhet
from core.validators import validate_ren_tekst
from integrasjoner.meldinger.models import Tjenestetype
from integrasjoner.meldinger.models.adresse import validate_herid


class AdresseSokForm(forms.Form):
    q = forms.CharField(
        label=_("Søk i adresseregisteret"),
        max_length=100,
        min_length=2,
        validators=[validate_ren_tekst],
        help_text=_("Navn, organisasjonsnummer eller HER-id."),
    )


class KommunikasjonspartForm(forms.Form):
    herid = forms.CharField(label=_("HER-id"), max_length=9, validators=[validate_herid])
    navn = forms.CharField(label=_("Navn"), max_length=200, validators=[validate_ren_tekst])
    forelder_herid = forms.CharField(
        label=_("HER-id for virksomheten"), max_length=9, validators=[validate_herid]
    )
    forelder_navn = forms.CharField(
        label=_("Virksomhet"), max_length=200, validators=[validate_ren_tekst]
    )
    organisasjonsnummer = forms.CharField(max_length=9, required=False, widget=forms.HiddenInput)
    hpr_nummer = forms.CharField(max_length=9, required=False, widget=forms.HiddenInput)
    tjenestetype = forms.ChoiceField(
        label=_("Tjenestetype"),
        required=False,
        choices=[("", _("Ingen (ekstern part)")), *Tjenestetype.choices],
    )
    enhet = forms.ModelChoiceField(
        label=_("Vår enhet"),
        queryset=Enhet.objects.filter(aktiv=True),
        required=False,
        empty_label=_("Ingen (ekstern part)"),
    )
