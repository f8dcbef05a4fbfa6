"""Forms of the medication pages: order (with the dose schedule as plain fields), stop, and
the reasons for overriding checks. The rules are the services'; errors come back per field."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from legemidler.lib.kontroll import KONTROLLER
from legemidler.models import Administrasjonsvei, DoseEnhet, Doseringstype, Kontroll

TIDSRADER = 6
UKEDAGER = [
    ("1", _("man")),
    ("2", _("tir")),
    ("3", _("ons")),
    ("4", _("tor")),
    ("5", _("fre")),
    ("6", _("lør")),
    ("7", _("søn")),
]
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ForordningForm(forms.Form):
    """One order. The schedule: up to six times with a dose each (fast), the same times with
    steps "dager x dose" (nedtrapping), or a PRN dose with its limits (behov)."""

    sok = forms.CharField(label=_("Søk i legemiddelkatalogen"), required=False, max_length=100)
    legemiddel = forms.UUIDField(label=_("Legemiddel"), widget=forms.Select)
    doseringstype = forms.ChoiceField(
        label=_("Dosering"),
        choices=Doseringstype.choices,
        initial=Doseringstype.FAST,
        widget=forms.RadioSelect,
    )
    dose_enhet = forms.ChoiceField(
        label=_("Doseenhet"), choices=DoseEnhet.choices, initial=DoseEnhet.TABLETT
    )
    ukedager = forms.MultipleChoiceField(
        label=_("Bare disse ukedagene (tomt = hver dag)"),
        choices=UKEDAGER,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    intervall_uker = forms.IntegerField(
        label=_("Hver … uke"), min_value=1, max_value=12, initial=1, required=False
    )
    trinn = forms.CharField(
        label=_("Nedtrapping: dager x dose, f.eks. «3x40, 3x30, 3x20»"),
        required=False,
        max_length=500,
    )
    behov_dose = forms.CharField(label=_("Ved behov: dose"), required=False, max_length=20)
    behov_maks_per_doegn = forms.CharField(
        label=_("Ved behov: maks per døgn"), required=False, max_length=20
    )
    behov_min_intervall_timer = forms.DecimalField(
        label=_("Ved behov: minst timer mellom doser"),
        required=False,
        min_value=Decimal("0.25"),
        max_value=Decimal(72),
        decimal_places=2,
    )
    administrasjonsvei = forms.ChoiceField(
        label=_("Administrasjonsvei"),
        choices=Administrasjonsvei.choices,
        initial=Administrasjonsvei.ORAL,
    )
    indikasjon = forms.CharField(label=_("Indikasjon"), max_length=300)
    sluttdato = forms.DateField(
        label=_("Planlagt slutt (kur, til og med)"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
    )
    merknad = forms.CharField(
        label=_("Merknad (f.eks. «må ikke knuses», «tas med mat»)"),
        required=False,
        max_length=500,
    )
    multidose = forms.BooleanField(label=_("Multidose fra apotek"), required=False)
    ordinert_av = forms.ChoiceField(label=_("Lege som ga ordinasjonen på telefon"), required=False)

    def __init__(
        self,
        *args: Any,
        legemidler: list[tuple[str, str]] | None = None,
        leger: list[tuple[str, str]] | None = None,
        funn: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["legemiddel"].widget.choices = [("", _("Velg legemiddel")), *(legemidler or [])]
        for i in range(1, TIDSRADER + 1):
            self.fields[f"tid_{i}"] = forms.CharField(
                label=_("Klokkeslett %(i)d") % {"i": i}, required=False, max_length=5
            )
            self.fields[f"dose_{i}"] = forms.CharField(
                label=_("Dose %(i)d") % {"i": i}, required=False, max_length=20
            )
        if leger is None:
            del self.fields["ordinert_av"]
        else:
            felt = self.fields["ordinert_av"]
            if isinstance(felt, forms.ChoiceField):
                felt.choices = [("", _("Velg lege")), *leger]
            self.fields["ordinert_av"].required = True
        # A textarea for the reason of each check that stopped the order.
        self.funn = funn or []
        for kontroll in KONTROLLER:
            self.fields[f"overstyring_{kontroll}"] = forms.CharField(
                label=_("Begrunnelse for å overstyre: %(k)s") % {"k": Kontroll(kontroll).label},
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
            )

    def tidsrader(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"tid_{i}"], self[f"dose_{i}"]) for i in range(1, TIDSRADER + 1)]

    def overstyringsfelt(self) -> list[forms.BoundField]:
        return [self[f"overstyring_{k}"] for k in self.funn]

    def clean_trinn(self) -> list[dict[str, str]]:
        value = self.cleaned_data.get("trinn") or ""
        trinn = []
        for part in re.split(r"[,;]", value):
            part = part.strip()
            if not part:
                continue
            match = re.fullmatch(r"(\d+)\s*[x×*]\s*([\d.,]+)", part)
            if match is None:
                raise ValidationError(
                    _("«%(del)s»: skriv dager x dose, f.eks. 3x40.") % {"del": part}
                )
            trinn.append({"dager": match.group(1), "dose": match.group(2)})
        return trinn

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned form as keyword arguments of `forordning_create`."""
        data = self.cleaned_data
        tider = []
        for i in range(1, TIDSRADER + 1):
            tid = (data.get(f"tid_{i}") or "").strip()
            dose = (data.get(f"dose_{i}") or "").strip()
            if tid or dose:
                tider.append({"tid": tid, "dose": dose or "0"})
        timer = data.get("behov_min_intervall_timer")
        dosering: dict[str, Any] = {
            "tider": tider,
            "ukedager": [int(d) for d in data.get("ukedager") or []],
            "intervall_uker": data.get("intervall_uker") or 1,
            "trinn": data.get("trinn") or [],
            "behov_dose": data.get("behov_dose") or None,
            "behov_maks_per_doegn": data.get("behov_maks_per_doegn") or None,
            "behov_min_intervall_min": int(timer * 60) if timer else None,
        }
        kwargs: dict[str, Any] = {
            "legemiddel_id": data["legemiddel"],
            "doseringstype": data["doseringstype"],
            "dosering": dosering,
            "dose_enhet": data["dose_enhet"],
            "administrasjonsvei": data["administrasjonsvei"],
            "indikasjon": data["indikasjon"],
            "sluttdato": data.get("sluttdato"),
            "merknad": data.get("merknad") or "",
            "multidose": bool(data.get("multidose")),
            "overstyringer": {
                k: data.get(f"overstyring_{k}") or ""
                for k in KONTROLLER
                if data.get(f"overstyring_{k}")
            },
        }
        if "ordinert_av" in self.fields:
            kwargs["telefonordinasjon"] = True
            kwargs["ordinert_av_id"] = data.get("ordinert_av")
        return kwargs


class SeponerForm(forms.Form):
    grunn = forms.CharField(
        label=_("Hvorfor seponeres legemiddelet? (påkrevd)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )
