"""Forms for the nursing-home pages: types and choices only; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tjenester.sykehjem.models import (
    Fravarstype,
    OppgaveStatus,
    Oppholdstype,
    Prioritet,
    Seng,
    Sengetype,
)

DATO = {"type": "date"}
DATO_FEIL = {"invalid": _("Skriv en gyldig dato.")}


def _dato(label: Any, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
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


def _set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # noqa: S101 - a programming error
    field.choices = choices


class BeleggForm(forms.Form):
    dato = _dato(_("Dato"), required=False)


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
    fra = _dato(_("Fra"), initial=timezone.localdate)
    til = _dato(_("Planlagt til"), required=False, help_text=_("Tomt: ikke avklart."))
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
        _set_choices(self, "seng", seng_choices(senger))
        _set_choices(self, "venteliste", [("", "—"), *venteliste])
        _set_choices(self, "tjeneste", [("", "—"), *(tjenester or [])])

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
    dato = _dato(_("Dato"), initial=timezone.localdate)

    def __init__(self, *args: Any, senger: list[Seng], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "seng", seng_choices(senger, med_avdeling=True))


class FravarForm(forms.Form):
    type = forms.ChoiceField(label=_("Type fravær"), choices=Fravarstype.choices)
    fra = _dato(_("Fra"), initial=timezone.localdate)
    til = _dato(_("Tilbake"), required=False, help_text=_("Tomt: ikke kommet tilbake ennå."))
    merknad = forms.CharField(label=_("Merknad"), required=False, max_length=500)


class DatoForm(forms.Form):
    dato = _dato(_("Dato"), initial=timezone.localdate)


class VentelisteForm(forms.Form):
    identifikator = forms.CharField(
        label=_("Fødselsnummer"),
        max_length=13,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    prioritet = forms.TypedChoiceField(
        label=_("Prioritet"), choices=Prioritet.choices, coerce=int, initial=Prioritet.MIDDELS
    )
    soknadsdato = _dato(_("Søknadsdato"), initial=timezone.localdate)
    vedtaksdato = _dato(_("Vedtaksdato"), required=False)
    merknad = forms.CharField(label=_("Merknad"), required=False, max_length=500)


class RomForm(forms.Form):
    navn = forms.CharField(label=_("Nytt rom (navn eller nummer)"), max_length=50)


class SengForm(forms.Form):
    rom = forms.ChoiceField(label=_("Rom"))
    navn = forms.CharField(label=_("Seng (navn)"), max_length=50, initial="A")
    type = forms.ChoiceField(label=_("Type"), choices=Sengetype.choices)

    def __init__(self, *args: Any, rom: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "rom", rom)


class KvitteringForm(forms.Form):
    """A tick on the ward's task list (hidden fields name the occurrence)."""

    tiltak = forms.UUIDField(widget=forms.HiddenInput)
    dato = forms.DateField(widget=forms.HiddenInput, input_formats=["%Y-%m-%d"])
    tidspunkt = forms.TimeField(
        widget=forms.HiddenInput, required=False, input_formats=["%H:%M", "%H:%M:%S"]
    )
    status = forms.ChoiceField(
        choices=OppgaveStatus.choices,
        error_messages={"required": _("Velg utført eller ikke utført.")},
    )
    grunn = forms.CharField(label=_("Hvorfor ikke utført?"), required=False, max_length=500)


class VaktForm(forms.Form):
    """A shift for a member of staff of the ward (a night shift ends the next morning)."""

    ansatt = forms.ChoiceField(label=_("Ansatt"))
    dato = forms.DateField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}))
    fra_tid = forms.TimeField(label=_("Fra"), widget=forms.TimeInput(attrs={"type": "time"}))
    til_tid = forms.TimeField(
        label=_("Til"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("En nattevakt slutter neste morgen: skriv for eksempel 22:00–07:30."),
    )

    def __init__(self, *args: Any, ansatte: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ansatt"].choices = ansatte  # type: ignore[attr-defined]
