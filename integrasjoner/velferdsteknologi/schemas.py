"""Wire formats: the inbound event (validated with Norwegian errors) and the status message
sent to the alarm central."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.api.fields import DatoTidField
from integrasjoner.velferdsteknologi.models import (
    ALARMTYPER,
    MALINGTYPER,
    VKP_KODE,
    Alarm,
    AlarmUtfall,
    Alvorlighet,
    HendelseType,
)
from journal.services.maaling import MaalingData, maaling_validate

FREMTID_TOLERANSE = dt.timedelta(minutes=5)

# Values each measurement type carries: (required, optional).
MALEVERDIER: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    HendelseType.BLODTRYKK: (("systolisk", "diastolisk"), ("puls",)),
    HendelseType.SPO2: (("spo2",), ("puls",)),
    HendelseType.VEKT: (("vekt",), ()),
    HendelseType.BLODSUKKER: (("blodsukker",), ()),
}
HELTALL = {"systolisk", "diastolisk", "puls", "spo2"}


@dataclass(frozen=True)
class HendelseInn:
    """A validated inbound event."""

    ekstern_id: str
    type: str
    kode: str
    alvorlighet: int
    tidspunkt: dt.datetime
    utstyr_ref: str
    pasient_ref: str = ""
    tekst: str = ""
    verdier: dict[str, Any] = field(default_factory=dict)

    @property
    def er_alarm(self) -> bool:
        return self.type in ALARMTYPER

    def maaling_data(self) -> MaalingData:
        values: dict[str, Any] = {}
        for name, value in self.verdier.items():
            values[name] = int(value) if name in HELTALL else Decimal(str(value))
        return MaalingData(tidspunkt=self.tidspunkt, **values)


def _json_number(value: int | Decimal) -> int | str:
    """A measured value as stored in JSON: whole numbers as int, others without trailing
    zeros ("71.40" → "71.4"), exactly as the vitals model keeps them."""
    if isinstance(value, int) or value == value.to_integral_value():
        return int(value)
    return str(value.normalize())


def _kode_matches(kode: str, expected: str) -> bool:
    """A sub-code (4.1, 1.12) belongs to its main code (4, 1)."""
    main = expected.split(".")[0]
    return kode in (expected, main) or kode.startswith(main + ".")


class HendelseInnSerializer(serializers.Serializer[HendelseInn]):
    """The body of POST /api/v1/velferdsteknologi/hendelser/."""

    hendelse_id = serializers.CharField(
        max_length=100, help_text="Avsenderens unike id for hendelsen (brukes mot duplikater)."
    )
    type = serializers.ChoiceField(
        choices=[t for t in HendelseType.choices if t[0] != HendelseType.TERSKEL]
    )
    kode = serializers.CharField(
        max_length=10,
        required=False,
        allow_blank=True,
        help_text="Kode fra VKP-kodeverket vkp-alert-code (f.eks. 3, 4.1); utelates = standard.",
    )
    alvorlighet = serializers.ChoiceField(choices=Alvorlighet.choices, required=False)
    tidspunkt = DatoTidField()
    utstyr_id = serializers.CharField(max_length=100)
    pasient = serializers.RegexField(
        r"^[0-9]{11}$",
        required=False,
        allow_blank=True,
        help_text="Fødselsnummer/D-nummer hvis avsenderen kjenner det (brukes ved kobling).",
        error_messages={"invalid": _("Pasientens identifikator må være 11 siffer.")},
    )
    tekst = serializers.CharField(max_length=500, required=False, allow_blank=True)
    verdier = serializers.DictField(
        child=serializers.DecimalField(max_digits=7, decimal_places=2),
        required=False,
        help_text="Måleverdier: blodtrykk {systolisk, diastolisk, puls?}, spo2 {spo2, puls?}, "
        "vekt {vekt} (kg), blodsukker {blodsukker} (mmol/l).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        type_ = attrs["type"]
        kode = (attrs.get("kode") or "").strip() or VKP_KODE[type_]
        if not _kode_matches(kode, VKP_KODE[type_]):
            raise serializers.ValidationError(
                {
                    "kode": _("VKP-koden %(kode)s passer ikke til typen %(type)s (ventet %(v)s).")
                    % {"kode": kode, "type": type_, "v": VKP_KODE[type_]}
                }
            )
        attrs["kode"] = kode
        if attrs["tidspunkt"] > timezone.now() + FREMTID_TOLERANSE:
            raise serializers.ValidationError(
                {"tidspunkt": _("Tidspunktet kan ikke være fram i tid.")}
            )
        verdier = attrs.get("verdier") or {}
        if type_ in MALINGTYPER:
            required, optional = MALEVERDIER[type_]
            missing = [n for n in required if n not in verdier]
            unknown = [n for n in verdier if n not in (*required, *optional)]
            if missing or unknown:
                message = []
                if missing:
                    message.append(_("Mangler måleverdi: %(n)s.") % {"n": ", ".join(missing)})
                if unknown:
                    message.append(
                        _("Ukjent måleverdi for %(type)s: %(n)s.")
                        % {"type": type_, "n": ", ".join(unknown)}
                    )
                raise serializers.ValidationError({"verdier": " ".join(message)})
        elif verdier:
            raise serializers.ValidationError({"verdier": _("Alarmer har ikke måleverdier.")})
        attrs["verdier"] = {
            name: (int(value) if name in HELTALL and value == int(value) else value)
            for name, value in verdier.items()
        }
        return attrs

    def to_hendelse(self) -> HendelseInn:
        return self.hendelse_from(self.validated_data)

    @staticmethod
    def hendelse_from(data: dict[str, Any]) -> HendelseInn:
        """The event from validated data (`run_validation` of one serializer reused for
        every event of a batch, without copying its fields for each)."""
        hendelse = HendelseInn(
            ekstern_id=data["hendelse_id"],
            type=data["type"],
            kode=data["kode"],
            alvorlighet=int(data.get("alvorlighet") or 0),
            tidspunkt=data["tidspunkt"],
            utstyr_ref=data["utstyr_id"],
            pasient_ref=data.get("pasient") or "",
            tekst=data.get("tekst") or "",
            verdier={k: _json_number(v) for k, v in data["verdier"].items()},
        )
        if not hendelse.er_alarm:
            try:  # impossible values are the sender's error: a 400 now, not a parked event
                maaling_validate(hendelse.maaling_data())
            except ValidationError as exc:
                raise serializers.ValidationError(
                    {"verdier": [str(m) for m in exc.messages]}
                ) from exc
        return hendelse


# VKP composition-event (responssenter behandlingslogg) codes sent with the status.
UTFALL_VKP: dict[str, str] = {
    AlarmUtfall.FALSK: "6",
    AlarmUtfall.SAMTALE: "8",
    AlarmUtfall.TILSYN: "7",
    AlarmUtfall.UTRYKNING: "5",
    AlarmUtfall.ANNEN_AKTOR: "10",
    AlarmUtfall.ANNET: "9",
}
KVITTERT_VKP = "3"


def alarmstatus_melding(alarm: Alarm, status: str) -> dict[str, Any]:
    """The message telling the alarm central an alarm was acknowledged or closed (no patient
    identifiers: the central knows its own event id)."""
    lukket = status == "lukket"
    return {
        "alarm_id": str(alarm.pk),
        "ekstern_id": alarm.hendelse.ekstern_id,
        "avsender": alarm.hendelse.avsender.nokkel_id,
        "status": status,
        "vkp_hendelse": UTFALL_VKP.get(alarm.utfall, "9") if lukket else KVITTERT_VKP,
        "utfall": alarm.utfall if lukket else "",
        "tidspunkt": (alarm.lukket_at if lukket else alarm.kvittert_at),
    }
