"""Forms for vital signs: types only; the plausibility rules live in the service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from core.forms import DatoTidField
from journal.models import Bevissthet

HELTALL = {"inputmode": "numeric", "autocomplete": "off"}
DESIMALTALL = {"inputmode": "decimal", "autocomplete": "off"}
PERIODER = (7, 30, 90)


def _heltall(label: StrOrPromise) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        widget=forms.TextInput(attrs=HELTALL),
        error_messages={"invalid": _("Skriv et helt tall.")},
    )


def _desimaltall(label: StrOrPromise) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs=DESIMALTALL),
        error_messages={"invalid": _("Skriv et tall, for eksempel 37,5.")},
    )


def _now_local() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def _oksygen(value: str) -> bool | None:
    return {"oksygen": True, "luft": False}.get(value)


class MaalingForm(forms.Form):
    tidspunkt = DatoTidField(
        label=_("Tidspunkt"),
        help_text=_("Tomt felt: nå."),
        required=False,
        initial=_now_local,
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Skriv dato og klokkeslett, for eksempel 24.12.2025 08:30.")},
    )
    systolisk = _heltall(_("Systolisk (mmHg)"))
    diastolisk = _heltall(_("Diastolisk (mmHg)"))
    puls = _heltall(_("Puls (slag/min)"))
    respirasjon = _heltall(_("Respirasjonsfrekvens (per min)"))
    spo2 = _heltall(_("SpO₂ (%)"))
    spo2_skala = forms.TypedChoiceField(
        label=_("SpO₂-skala"),
        choices=[
            (1, _("Skala 1")),
            (2, _("Skala 2 – målverdi 88–92 % (hyperkapnisk respirasjonssvikt)")),
        ],
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
    )
    oksygen = forms.TypedChoiceField(
        label=_("Luft eller oksygen"),
        choices=[("", _("Ikke oppgitt")), ("luft", _("Luft")), ("oksygen", _("Oksygen"))],
        coerce=_oksygen,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    temperatur = _desimaltall(_("Temperatur (°C)"))
    bevissthet = forms.ChoiceField(
        label=_("Bevissthet (ACVPU)"),
        choices=[("", _("Ikke vurdert")), *Bevissthet.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    vekt = _desimaltall(_("Vekt (kg)"))
    blodsukker = _desimaltall(_("Blodsukker (mmol/l)"))

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        # Screen readers announce the field as invalid and read its message with it.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"id_{name}-feil"}
                )


class FeilregistreringForm(forms.Form):
    grunn = forms.CharField(
        label=_("Hvorfor er målingen feil?"),
        max_length=500,
        error_messages={
            "required": _("Skriv hvorfor målingen er feilregistrert."),
            "max_length": _("Grunnen kan være høyst 500 tegn."),
        },
    )


class PeriodeForm(forms.Form):
    periode = forms.TypedChoiceField(
        label=_("Periode"),
        choices=[(7, _("7 dager")), (30, _("30 dager")), (90, _("90 dager"))],
        coerce=int,
        required=False,
        empty_value=None,
    )
