"""Forms of the GP office pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DatoField, DatoTidField
from tjenester.legekontor.lib.takst import FRITAK_KODER
from tjenester.legekontor.models import Tidstype


class TimeBookForm(forms.Form):
    identifikator = forms.CharField(
        label=_("Fødselsnummer"),
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    start = DatoTidField(
        label=_("Tidspunkt"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    lengde_min = forms.IntegerField(
        label=_("Varighet (minutter)"), required=False, min_value=5, max_value=240
    )
    aarsak = forms.CharField(label=_("Årsak til timen"), required=False, max_length=200)


class TimeCancelForm(forms.Form):
    grunn = forms.CharField(label=_("Grunn til avlysning"), max_length=200)


class KonsultasjonForm(forms.Form):
    kontaktaarsak = forms.CharField(label=_("Kontaktårsak"), required=False, max_length=300)
    tidsbruk_min = forms.IntegerField(
        label=_("Tidsbruk (minutter)"), required=False, min_value=1, max_value=600
    )
    frikort = forms.BooleanField(label=_("Pasienten har frikort"), required=False)
    fritak = forms.ChoiceField(
        label=_("Annet fritak for egenandel"),
        required=False,
        choices=[("", _("Ingen"))]
        + [(k, v) for k, v in FRITAK_KODER.items() if k not in ("under16", "frikort")],
    )


class KodeForm(forms.Form):
    kode = forms.CharField(label=_("Kode"), max_length=16)


class NotatForm(forms.Form):
    """The GP's note: one field per heading of the note type (Legenotat)."""

    def __init__(self, *args: object, overskrifter: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for i, overskrift in enumerate(overskrifter):
            self.fields[f"seksjon_{i}"] = forms.CharField(
                label=overskrift,
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.overskrifter = overskrifter

    def innhold(self) -> dict[str, str]:
        return {
            o: self.cleaned_data.get(f"seksjon_{i}", "") for i, o in enumerate(self.overskrifter)
        }


class ListeplassJoinForm(forms.Form):
    identifikator = forms.CharField(
        label=_("Fødselsnummer"),
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    fra = DatoField(
        label=_("På listen fra"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ListeplassLeaveForm(forms.Form):
    grunn = forms.CharField(label=_("Grunn til utmelding"), max_length=200)
    til = DatoField(
        label=_("Utmeldt fra"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class TimeMoveForm(forms.Form):
    start = DatoTidField(
        label=_("Nytt tidspunkt"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


UKEDAGER = [
    (0, _("Mandag")),
    (1, _("Tirsdag")),
    (2, _("Onsdag")),
    (3, _("Torsdag")),
    (4, _("Fredag")),
    (5, _("Lørdag")),
    (6, _("Søndag")),
]


class TimemalForm(forms.Form):
    ukedag = forms.TypedChoiceField(label=_("Ukedag"), choices=UKEDAGER, coerce=int)
    fra = forms.TimeField(label=_("Fra"), widget=forms.TimeInput(attrs={"type": "time"}))
    til = forms.TimeField(label=_("Til"), widget=forms.TimeInput(attrs={"type": "time"}))
    lengde_min = forms.IntegerField(
        label=_("Timelengde (minutter)"), min_value=5, max_value=240, initial=20
    )
    type = forms.ChoiceField(label=_("Type tid"), choices=Tidstype.choices)
