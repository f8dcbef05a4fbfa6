"""Forms for the note pages. A note's sections are built from its headings at run time."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DatoTidField
from journal.services.notat import MAX_GRUNN, MAX_SEKSJON


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class NotatForm(forms.Form):
    """Title and one textarea per heading (fields seksjon_0 … in heading order)."""

    tittel = forms.CharField(
        label=_("Tittel"),
        max_length=200,
        required=False,
        help_text=_("Tom tittel gir notattypens navn."),
    )
    lasversjon = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, overskrifter: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.overskrifter = overskrifter
        for i, heading in enumerate(overskrifter):
            self.fields[f"seksjon_{i}"] = forms.CharField(
                label=heading,
                required=False,
                max_length=MAX_SEKSJON,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    @staticmethod
    def initial_for(tittel: str, innhold: dict[str, str], lasversjon: int) -> dict[str, Any]:
        initial: dict[str, Any] = {"tittel": tittel, "lasversjon": lasversjon}
        for i, text in enumerate(innhold.values()):
            initial[f"seksjon_{i}"] = text
        return initial

    def innhold(self) -> dict[str, str]:
        data = self.cleaned_data
        return {h: data.get(f"seksjon_{i}", "") for i, h in enumerate(self.overskrifter)}

    def seksjoner(self) -> list[forms.BoundField]:
        return [self[f"seksjon_{i}"] for i in range(len(self.overskrifter))]


class NyttNotatForm(NotatForm):
    dokumentert_tid = DatoTidField(
        label=_("Gjelder tidspunkt"), widget=DateTimeLocalInput, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lasversjon"].required = False
        self.fields["dokumentert_tid"].initial = timezone.localtime().replace(
            second=0, microsecond=0
        )


class GrunnForm(forms.Form):
    """Correction and feilregistrering: a required reason and the counter the person read."""

    grunn = forms.CharField(
        label=_("Begrunnelse"),
        max_length=MAX_GRUNN,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_GRUNN}),
        error_messages={
            "required": _("Skriv en begrunnelse."),
            "max_length": _("Begrunnelsen kan være høyst 500 tegn."),
        },
    )
    lasversjon = forms.IntegerField(min_value=0, widget=forms.HiddenInput, required=False)


class KontrasignerForm(forms.Form):
    versjon = forms.IntegerField(min_value=1, widget=forms.HiddenInput, required=False)
