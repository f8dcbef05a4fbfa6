"""Forms for growth: types and units only; the plausibility rules live in the service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from core.forms import DatoField
from core.klokke import idag
from core.validators import validate_ren_tekst
from tjenester.helsestasjon.models import Maalemetode
from tjenester.helsestasjon.services.vekst import VekstmaalingData

DESIMALTALL = {"inputmode": "decimal", "autocomplete": "off"}
HELTALL = {"inputmode": "numeric", "autocomplete": "off"}


def _desimaltall(label: StrOrPromise, desimaler: int, eksempel: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        localize=True,
        max_digits=8,
        decimal_places=desimaler,
        widget=forms.TextInput(attrs=DESIMALTALL),
        error_messages={
            "invalid": _("Skriv et tall, for eksempel %(eksempel)s.") % {"eksempel": eksempel},
            "max_decimal_places": _("For mange desimaler."),
            "max_digits": _("Tallet er for stort."),
            "max_whole_digits": _("Tallet er for stort."),
        },
    )


def _heltall(value: Decimal | None, faktor: int) -> int | None:
    return None if value is None else int((value * faktor).to_integral_value())


class VekstmaalingForm(forms.Form):
    dato = DatoField(
        label=_("Dato"),
        initial=idag,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={
            "required": _("Oppgi datoen for målingen."),
            "invalid": _("Skriv en dato, for eksempel 24.12.2025."),
        },
    )
    vekt = _desimaltall(_("Vekt (kg)"), 3, "9,65")
    lengde = _desimaltall(_("Lengde/høyde (cm)"), 1, "75,5")
    maalemetode = forms.ChoiceField(
        label=_("Lengde målt"),
        required=False,
        choices=[("", _("Etter alder (liggende under 2 år)")), *Maalemetode.choices],
    )
    hodeomkrets = _desimaltall(_("Hodeomkrets (cm)"), 1, "46,0")
    merknad = forms.CharField(
        label=_("Merknad"), required=False, max_length=500, validators=[validate_ren_tekst]
    )
    bekreft_avvik = forms.BooleanField(
        label=_("Bekreft målingen selv om lengden avviker mye fra en tidligere måling"),
        required=False,
    )

    def data_get(self) -> VekstmaalingData:
        c: dict[str, Any] = self.cleaned_data
        return VekstmaalingData(
            dato=c["dato"],
            vekt_g=_heltall(c["vekt"], 1000),
            lengde_mm=_heltall(c["lengde"], 10),
            hodeomkrets_mm=_heltall(c["hodeomkrets"], 10),
            maalemetode=c["maalemetode"],
            merknad=c["merknad"],
            bekreft_avvik=c["bekreft_avvik"],
        )


class FodselsopplysningForm(forms.Form):
    svangerskapsuker = forms.IntegerField(
        label=_("Svangerskapsuke ved fødsel"),
        widget=forms.TextInput(attrs=HELTALL),
        error_messages={
            "required": _("Oppgi svangerskapsuke."),
            "invalid": _("Skriv et helt tall."),
        },
    )
    svangerskapsdager = forms.IntegerField(
        label=_("+ dager"),
        required=False,
        initial=0,
        widget=forms.TextInput(attrs=HELTALL),
        error_messages={"invalid": _("Skriv et helt tall.")},
    )
