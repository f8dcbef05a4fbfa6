"""Vaccination forms: a dose given, and the parents' refusal."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DatoTidField
from core.klokke import naa
from core.validators import validate_ren_tekst
from tjenester.helsestasjon.models import Injeksjonssted


def _now_local() -> str:
    return timezone.localtime(naa()).strftime("%Y-%m-%dT%H:%M")


class VaksinasjonForm(forms.Form):
    preparat = forms.CharField(
        label=_("Preparat"),
        max_length=100,
        validators=[validate_ren_tekst],
        error_messages={"required": _("Skriv hvilket preparat som ble gitt.")},
    )
    batch = forms.CharField(
        label=_("Batchnummer"),
        max_length=40,
        validators=[validate_ren_tekst],
        error_messages={"required": _("Batchnummer må fylles ut.")},
    )
    sted = forms.ChoiceField(
        label=_("Injeksjonssted"),
        choices=Injeksjonssted.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hvor vaksinen ble gitt.")},
    )
    tidspunkt = DatoTidField(
        label=_("Tidspunkt"),
        required=False,
        help_text=_("Tomt felt: nå."),
        initial=_now_local,
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Skriv dato og klokkeslett, for eksempel 24.12.2025 08:30.")},
    )
    avvik_begrunnelse = forms.CharField(
        label=_("Begrunnelse for avvik"),
        required=False,
        max_length=500,
        validators=[validate_ren_tekst],
        help_text=_("Bare når dosen gis før minstealder eller minsteintervall."),
    )


class ReservasjonForm(forms.Form):
    foresatt = forms.ChoiceField(label=_("Besluttet av"))
    begrunnelse = forms.CharField(
        label=_("Foresattes begrunnelse"),
        required=False,
        max_length=500,
        validators=[validate_ren_tekst],
    )

    def __init__(self, *args: object, foresatte: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["foresatt"].choices = [("", _("Velg …")), *foresatte]  # type: ignore[attr-defined]
