"""The assessment form, built from a form definition: one radio group per item.

Types only: whether every item is answered and each value allowed is the service's job
(the generic engine), so a draft may be saved with gaps.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DatoField
from core.klokke import idag
from journal.lib.skjema import Definisjon, Element
from journal.services import KartleggingData

SVAR_PREFIKS = "svar_"
UTKAST, FULLFOR = "utkast", "fullfor"


def _today() -> str:
    return idag().isoformat()


def svar_felt(kode: str) -> str:
    return f"{SVAR_PREFIKS}{kode}"


class KartleggingForm(forms.Form):
    dato = DatoField(
        label=_("Dato for kartleggingen"),
        required=False,
        initial=_today,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv en dato, for eksempel 24.12.2025.")},
    )
    kommentar = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Kommentaren kan være høyst 2000 tegn.")},
    )
    handling = forms.ChoiceField(
        choices=[(UTKAST, _("Lagre utkast")), (FULLFOR, _("Fullfør"))],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, definisjon: Definisjon, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definisjon = definisjon
        for element in definisjon.elementer:
            self.fields[svar_felt(element.kode)] = forms.TypedChoiceField(
                label=f"{element.nummer}. {element.tekst}",
                help_text=element.hjelpetekst,
                choices=[(v.verdi, v.tekst) for v in element.verdier],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("%(element)s: velg et av svarene.")
                    % {"element": element.navn}
                },
            )

    def seksjoner(self) -> list[tuple[str, list[tuple[Element, forms.BoundField]]]]:
        """The item fields by the definition's groups (one unnamed section without)."""
        return [
            (navn, [(e, self[svar_felt(e.kode)]) for e in elementer])
            for navn, elementer in self.definisjon.seksjoner()
        ]

    @property
    def fullfor(self) -> bool:
        return self.cleaned_data.get("handling") == FULLFOR

    def data_get(self) -> KartleggingData:
        svar = {
            e.kode: self.cleaned_data.get(svar_felt(e.kode))
            for e in self.definisjon.elementer
            if self.cleaned_data.get(svar_felt(e.kode)) is not None
        }
        return KartleggingData(
            dato=self.cleaned_data.get("dato"),
            svar=svar,
            kommentar=self.cleaned_data.get("kommentar") or "",
        )

    def errors_add(self, message_dict: dict[str, list[str]]) -> None:
        """Put the service's errors (keyed by item code) on the matching fields."""
        for key, messages in message_dict.items():
            if key in self.fields and not key.startswith(SVAR_PREFIKS):
                self.add_error(key, messages)
            elif svar_felt(key) in self.fields:
                self.add_error(svar_felt(key), messages)
            else:
                self.add_error(None, messages)


class FeilregistreringForm(forms.Form):
    grunn = forms.CharField(label=_("Hvorfor er kartleggingen feil?"), max_length=500)
