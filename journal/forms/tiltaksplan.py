"""Forms for care plans (tiltaksplan). Syntax only: the rules live in
journal.services.tiltaksplan and come back as field errors."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import DatoField
from core.klokke import idag
from core.models import Ansatt, Enhet
from journal.forms.kritisk import DATE_FORMATS, DateInput
from journal.lib.timeplan import PERIODER, Timeplan, tidspunkter_parse
from journal.models import Frekvens, Kode, Kodeverk
from journal.selectors.kritisk import kode_get

UKEDAGER = [
    (1, _("Mandag")),
    (2, _("Tirsdag")),
    (3, _("Onsdag")),
    (4, _("Torsdag")),
    (5, _("Fredag")),
    (6, _("Lørdag")),
    (7, _("Søndag")),
]


def _dato(label: Any, required: bool = False, **kwargs: Any) -> DatoField:
    return DatoField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("Skriv en dato, for eksempel 24.12.2025.")},
        **kwargs,
    )


class _Ids:
    """Several forms share the plan page: each gets its own id prefix (unique ids)."""

    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def koordinatorer(enhet_id: uuid.UUID | None) -> forms.ModelChoiceField[Ansatt]:
    """Staff of the acting unit, to choose a coordinator among."""
    today = idag()
    queryset = (
        Ansatt.objects.filter(
            is_active=True,
            tilknytninger__enhet_id=enhet_id or uuid.UUID(int=0),
            tilknytninger__gyldig_fra__lte=today,
        )
        .exclude(tilknytninger__gyldig_til__lt=today)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    return forms.ModelChoiceField(
        label=_("Koordinator"),
        queryset=queryset,
        required=False,
        help_text=_("Påkrevd for individuell plan."),
    )


class PlanForm(_Ids, forms.Form):
    id_prefix = "plan"
    gyldig_fra = _dato(_("Gjelder fra"), initial=idag)
    individuell_plan = forms.BooleanField(label=_("Individuell plan (IP)"), required=False)

    def __init__(self, *args: Any, enhet_id: uuid.UUID | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["koordinator"] = koordinatorer(enhet_id)


class IpForm(_Ids, forms.Form):
    id_prefix = "ip"
    individuell_plan = forms.BooleanField(label=_("Individuell plan (IP)"), required=False)

    def __init__(self, *args: Any, enhet_id: uuid.UUID | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["koordinator"] = koordinatorer(enhet_id)


class AvsluttPlanForm(_Ids, forms.Form):
    id_prefix = "avslutt"
    grunn = forms.CharField(label=_("Hvorfor avsluttes planen?"), max_length=500, required=False)


class BehovForm(_Ids, forms.Form):
    id_prefix = "behov"
    tekst = forms.CharField(
        label=_("Problem/behov"),
        max_length=500,
        help_text=_("F.eks. «Nedsatt væskeinntak» eller «Fare for trykksår»."),
    )
    kodeverk = forms.ChoiceField(
        label=_("Kodeverk"),
        choices=[("", _("Egen kode / ingen")), *Kodeverk.choices],
        required=False,
    )
    kode = forms.CharField(
        label=_("Kode (valgfri)"),
        max_length=50,
        required=False,
        help_text=_("F.eks. T90 (ICPC-2), E11 (ICD-10) eller en egen kode."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kodeverk, kode = data.get("kodeverk"), (data.get("kode") or "").strip()
        data["kode_id"], data["kode_fri"] = None, ""
        if kode and kodeverk:
            found: Kode | None = kode_get(kodeverk=kodeverk, kode=kode.split(" ")[0])
            if found is None:
                self.add_error(
                    "kode",
                    _("Fant ikke koden «%(kode)s» i %(kv)s.") % {"kode": kode, "kv": kodeverk},
                )
            else:
                data["kode_id"] = found.pk
        elif kode:
            data["kode_fri"] = kode
        return data


class MaalForm(_Ids, forms.Form):
    id_prefix = "maal"
    tekst = forms.CharField(label=_("Mål"), max_length=500)
    maldato = _dato(_("Måldato"))


class EvalueringForm(_Ids, forms.Form):
    id_prefix = "evaluering"
    hva = forms.CharField(widget=forms.HiddenInput)  # "maal:<id>" or "tiltak:<id>"
    tekst = forms.CharField(
        label=_("Evaluering"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 4000}),
    )
    dato = _dato(_("Dato"), initial=idag)

    def clean_hva(self) -> dict[str, str]:
        kind, _sep, value = str(self.cleaned_data["hva"]).partition(":")
        if kind not in ("maal", "tiltak") or not value:
            raise ValidationError(_("Velg ett mål eller ett tiltak å evaluere."))
        return {f"{kind}_id": value}


class TiltakSluttForm(_Ids, forms.Form):
    id_prefix = "slutt"
    slutt_dato = _dato(_("Siste dag"), initial=idag)
    grunn = forms.CharField(label=_("Begrunnelse"), max_length=500, required=False)


class TimeplanForm(_Ids, forms.Form):
    id_prefix = "tiltak"
    """The text, the responsible unit and the schedule of a tiltak."""

    tekst = forms.CharField(
        label=_("Tiltak"),
        max_length=500,
        help_text=_("F.eks. «Hjelp til morgenstell» eller «Tilby drikke, noter i drikkeliste»."),
    )
    ansvarlig_enhet = forms.ModelChoiceField(
        label=_("Ansvarlig enhet"), queryset=Enhet.objects.filter(aktiv=True).order_by("navn")
    )
    frekvens = forms.ChoiceField(
        label=_("Hvor ofte"),
        choices=Frekvens.choices,
        initial=Frekvens.UKENTLIG,
        widget=forms.RadioSelect,
    )
    ukedager = forms.TypedMultipleChoiceField(
        label=_("Ukedager"),
        choices=UKEDAGER,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    intervall = forms.IntegerField(
        label=_("Hver N. dag/uke"),
        initial=1,
        min_value=1,
        max_value=52,
        help_text=_("1 = hver dag/uke, 2 = annenhver …"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    tidspunkter = forms.CharField(
        label=_("Klokkeslett"),
        required=False,
        max_length=200,
        help_text=_("F.eks. 08:00, 20:00 eller %(perioder)s. Tomt: uten fast tid.")
        % {"perioder": ", ".join(PERIODER)},
    )
    varighet_min = forms.IntegerField(
        label=_("Varighet (minutter)"),
        initial=15,
        min_value=1,
        max_value=1440,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    slutt_dato = _dato(_("Til og med (valgfri)"))

    def __init__(self, *args: Any, enhet_id: uuid.UUID | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if enhet_id is not None and "ansvarlig_enhet" not in self.initial:
            self.initial["ansvarlig_enhet"] = enhet_id

    def clean_tidspunkter(self) -> tuple[dt.time, ...]:
        return tidspunkter_parse(self.cleaned_data.get("tidspunkter") or "")

    def timeplan(self) -> Timeplan:
        data = self.cleaned_data
        return Timeplan(
            frekvens=data["frekvens"],
            intervall=data["intervall"],
            ukedager=tuple(data.get("ukedager") or ()),
            tidspunkter=data["tidspunkter"],
            varighet_min=data["varighet_min"],
        )


class TiltakForm(TimeplanForm):
    behov = forms.ChoiceField(label=_("Problem/behov"), required=False)
    start_dato = _dato(_("Fra dato"), initial=idag)
    field_order = ["behov", "tekst", "ansvarlig_enhet", "frekvens", "ukedager", "intervall"]

    def __init__(
        self,
        *args: Any,
        behov: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["behov"].choices = [("", _("Ikke knyttet til et problem")), *(behov or [])]  # type: ignore[attr-defined]


class TiltakEndreForm(TimeplanForm):
    fra = _dato(_("Endringen gjelder fra"), required=True, initial=idag)
    field_order = ["fra", "tekst", "ansvarlig_enhet", "frekvens", "ukedager", "intervall"]
