"""Forms for the nursing-home pages: types and choices only; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DatoField
from core.klokke import idag
from tjenester.sykehjem.models import (
    Fravaerstype,
    Oppholdstype,
    Seng,
)

DATO = {"type": "date"}
DATO_FEIL = {"invalid": _("Skriv en gyldig dato.")}


def dato_field(label: Any, required: bool = True, **kwargs: Any) -> DatoField:
    return DatoField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs=DATO, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages=DATO_FEIL,
        **kwargs,
    )


def seng_choices(senger: list[Seng], med_avdeling: bool = False) -> list[tuple[str, str]]:
    choices = [("", "—")]
    for s in senger:
        navn = f"{s.rom.navn} {s.navn} ({s.get_type_display()})"
        choices.append((str(s.pk), f"{s.enhet.navn}: {navn}" if med_avdeling else navn))
    return choices


def choices_set(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # noqa: S101 - a programming error
    field.choices = choices


class OppholdForm(forms.Form):
    """Admission or reservation; the patient comes from a decision without a stay, the
    waiting list or by fødselsnummer."""

    tjeneste = forms.ChoiceField(
        label=_("Vedtak om opphold"),
        required=False,
        help_text=_("Valgfritt: vedtaket oppholdet oppfyller."),
    )
    venteliste = forms.ChoiceField(label=_("Fra ventelisten"), required=False)
    identifikator = forms.CharField(
        label=_("eller fødselsnummer"),
        required=False,
        max_length=13,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    seng = forms.ChoiceField(label=_("Seng"))
    type = forms.ChoiceField(label=_("Type opphold"), choices=Oppholdstype.choices)
    fra = dato_field(_("Fra"), initial=idag)
    til = dato_field(_("Planlagt til"), required=False, help_text=_("Tomt: ikke avklart."))
    merknad = forms.CharField(label=_("Merknad"), required=False, max_length=500)

    def __init__(
        self,
        *args: Any,
        senger: list[Seng],
        venteliste: list[tuple[str, str]],
        tjenester: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices_set(self, "seng", seng_choices(senger))
        choices_set(self, "venteliste", [("", "—"), *venteliste])
        choices_set(self, "tjeneste", [("", "—"), *(tjenester or [])])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (
            data.get("tjeneste") or data.get("venteliste") or data.get("identifikator", "").strip()
        ):
            raise forms.ValidationError(
                _("Velg et vedtak, en pasient fra ventelisten eller skriv fødselsnummeret.")
            )
        return data


class OverflyttForm(forms.Form):
    seng = forms.ChoiceField(label=_("Ny seng"))
    dato = dato_field(_("Dato"), initial=idag)

    def __init__(self, *args: Any, senger: list[Seng], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_set(self, "seng", seng_choices(senger, med_avdeling=True))


class FravaerForm(forms.Form):
    type = forms.ChoiceField(label=_("Type fravær"), choices=Fravaerstype.choices)
    fra = dato_field(_("Fra"), initial=idag)
    til = dato_field(_("Tilbake"), required=False, help_text=_("Tomt: ikke kommet tilbake ennå."))
    merknad = forms.CharField(label=_("Merknad"), required=False, max_length=500)


class DatoForm(forms.Form):
    dato = dato_field(_("Dato"), initial=idag)
