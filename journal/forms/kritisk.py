"""Forms for critical information (CAVE) and diagnoses. Syntax only: the rules live in
journal.services.kritisk and come back as field errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import DatoField
from journal.models import Alvorlighet, DiagnoseStatus, Kode, Kodeverk, KritiskType, Sikkerhet
from journal.selectors import kode_get

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class KritiskForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=KritiskType.choices)
    tittel = forms.CharField(
        label=_("Substans / beskrivelse"),
        max_length=200,
        help_text=_("F.eks. penicillin, pacemaker, MRSA eller «Ikke HLR»."),
    )
    reaksjon = forms.CharField(
        label=_("Reaksjon"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )
    substans_atc = forms.CharField(
        label=_("ATC-kode for substansen (valgfritt)"),
        max_length=8,
        required=False,
        help_text=_(
            "En ATC-gruppe eller et virkestoff, f.eks. J01C for penicilliner. Da stopper "
            "legemiddelkontrollen alle legemidler i gruppen."
        ),
    )
    alvorlighet = forms.ChoiceField(
        label=_("Alvorlighet"), choices=Alvorlighet.choices, initial=Alvorlighet.UKJENT
    )
    sikkerhet = forms.ChoiceField(
        label=_("Sikkerhet (påkrevd for allergi og intoleranse)"),
        choices=[("", _("Velg")), *Sikkerhet.choices],
        required=False,
    )
    kilde = forms.CharField(
        label=_("Kilde"),
        max_length=200,
        required=False,
        help_text=_("F.eks. pasienten, pårørende, epikrise eller kjernejournal."),
    )
    dato = DatoField(
        label=_("Dato"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    besluttet_av = forms.CharField(
        label=_("Besluttet av (påkrevd for beslutninger)"), max_length=200, required=False
    )


class GrunnForm(forms.Form):
    grunn = forms.CharField(
        label=_("Begrunnelse"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        error_messages={"required": _("Skriv hvorfor.")},
    )


class DiagnoseForm(forms.Form):
    kodeverk = forms.ChoiceField(
        label=_("Kodeverk"), choices=Kodeverk.choices, initial=Kodeverk.ICPC2
    )
    kode = forms.CharField(
        label=_("Kode"),
        max_length=20,
        help_text=_("Skriv kode eller tekst, f.eks. T90 eller diabetes, og velg fra listen."),
        # Type-ahead: HTMX fills a <datalist> with matching codes; typing the code works
        # without JavaScript too.
        widget=forms.TextInput(
            attrs={
                "list": "kodeforslag",
                "autocomplete": "off",
                "hx-get": reverse_lazy("journal:kode_soek"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#kodeforslag",
                "hx-include": "[name=kodeverk]",
            }
        ),
    )
    debut = DatoField(
        label=_("Debut"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    merknad = forms.CharField(label=_("Merknad"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kodeverk, kode = data.get("kodeverk"), data.get("kode")
        if kodeverk and kode:
            found: Kode | None = kode_get(kodeverk=kodeverk, kode=kode.split(" ")[0])
            if found is None:
                self.add_error(
                    "kode",
                    _("Fant ikke koden «%(kode)s» i %(kv)s.") % {"kode": kode, "kv": kodeverk},
                )
            data["kode_obj"] = found
        return data


class DiagnoseAvsluttForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Avslutt som"),
        choices=[
            (DiagnoseStatus.AVSLUTTET, _("Avsluttet (ikke lenger aktiv)")),
            (DiagnoseStatus.FEILREGISTRERT, _("Feilregistrert")),
        ],
        initial=DiagnoseStatus.AVSLUTTET,
    )
    grunn = forms.CharField(
        label=_("Begrunnelse (påkrevd ved feilregistrering)"),
        max_length=500,
        required=False,
    )
