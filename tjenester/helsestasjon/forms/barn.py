"""Forms about the child: enrolment, transfer and parents."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DatoField
from core.validators import validate_ren_tekst
from tjenester.helsestasjon.models import Foreldreansvar

DATO_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATO_FORMATER = ["%Y-%m-%d", "%d.%m.%Y"]
DATO_FEIL = {"invalid": _("Skriv en dato, for eksempel 24.12.2025.")}


class InnskrivningForm(forms.Form):
    identifikator = forms.CharField(
        label=_("Barnets fødselsnummer"),
        max_length=13,
        help_text=_("Barnet må være registrert under Pasienter først."),
    )
    grunn = forms.ChoiceField(
        label=_("Grunn"),
        choices=[("fodsel", _("Fødsel")), ("innflytting", _("Innflytting"))],
        widget=forms.RadioSelect,
    )
    fra_dato = DatoField(
        label=_("Innskrevet fra"),
        required=False,
        help_text=_("Tomt felt: i dag."),
        input_formats=DATO_FORMATER,
        widget=DATO_WIDGET,
        error_messages=DATO_FEIL,
    )


class OverfoeringForm(forms.Form):
    til_enhet = forms.ChoiceField(label=_("Ny helsestasjon"))
    dato = DatoField(
        label=_("Flyttedato"),
        required=False,
        help_text=_("Tomt felt: i dag."),
        input_formats=DATO_FORMATER,
        widget=DATO_WIDGET,
        error_messages=DATO_FEIL,
    )
    merknad = forms.CharField(
        label=_("Merknad"), required=False, max_length=500, validators=[validate_ren_tekst]
    )

    def __init__(self, *args: object, stasjoner: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["til_enhet"].choices = [("", _("Velg …")), *stasjoner]  # type: ignore[attr-defined]


class ForesattForm(forms.Form):
    navn = forms.CharField(label=_("Navn"), max_length=200, validators=[validate_ren_tekst])
    relasjon = forms.CharField(
        label=_("Relasjon til barnet"),
        max_length=100,
        help_text=_("For eksempel mor, far, fosterforelder."),
        validators=[validate_ren_tekst],
    )
    foreldreansvar = forms.ChoiceField(label=_("Foreldreansvar"), choices=Foreldreansvar.choices)
    identifikator = forms.CharField(label=_("Fødselsnummer"), max_length=11, required=False)
    telefon = forms.CharField(
        label=_("Mobil"), max_length=20, required=False, validators=[validate_ren_tekst]
    )
    epost = forms.EmailField(
        label=_("E-post"),
        required=False,
        error_messages={"invalid": _("Skriv en gyldig e-postadresse.")},
    )
