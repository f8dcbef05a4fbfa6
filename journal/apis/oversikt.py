"""API for the clinical summary: the same content as the page, from the same selector."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoField, DatoTidField
from core.decorators import request_ansatt
from journal.apis.kritisk import DiagnoseSerializer
from journal.apis.maaling import MaalingSerializer
from journal.apis.notat import JournalnotatCollectionApi
from journal.apis.pasient import PasientDetailSerializer, pasient_detail_data
from journal.apis.tiltaksplan import (
    BehovSerializer,
    MaalSerializer,
    PlanSerializer,
    TiltakSerializer,
)
from journal.lib.kodeverk import OID
from journal.models import Diagnose, KritiskInformasjon, Maaling, Tjeneste
from journal.selectors.maaling import Maalingsrad
from journal.selectors.oversikt import Oversikt, oversikt_get
from journal.selectors.tiltaksplan import Planvisning, Tiltakvisning


class KritiskKortSerializer(serializers.ModelSerializer[KritiskInformasjon]):
    """Active critical information as in the banner (only the fields the banner loads)."""

    class Meta:
        model = KritiskInformasjon
        fields = ["id", "type", "tittel", "reaksjon", "alvorlighet", "sikkerhet", "dato"]


class RelasjonSerializer(serializers.Serializer[Any]):
    enhet = serializers.CharField(source="enhet.navn")
    grunnlag = serializers.CharField()
    gyldig_fra = DatoTidField()
    gyldig_til = DatoTidField(allow_null=True)


class TjenesteKortSerializer(serializers.Serializer[Any]):
    """An active service delivery as the overview shows it."""

    id = serializers.UUIDField()
    tjenestetype_kode = serializers.CharField(help_text="IPLOS kodeverk 9151")
    navn = serializers.CharField()
    enhet = serializers.CharField(source="enhet.navn")
    omfang = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    omfang_enhet = serializers.CharField()
    fra_dato = DatoField()
    til_dato = DatoField(allow_null=True)


class OversiktApi(ApiBase):
    """The clinical summary of one patient: the patient, active critical information,
    active problems and diagnoses, the latest measurement with NEWS2, the first page of
    notes, the acting unit's care relationships and the active care plan (active problems
    and goals, today's tiltak, IP and coordinator; null without a plan). A fixed number of
    queries whatever the length of the record. Audited (patient read and OVERSIKT_READ);
    404 for missing and not allowed alike."""

    @extend_schema(
        operation_id="pasient_oversikt",
        responses=inline_serializer(
            "PasientOversikt",
            {
                "pasient": PasientDetailSerializer(),
                "kritisk_info": KritiskKortSerializer(many=True),
                "diagnoser": DiagnoseSerializer(many=True, help_text="Aktive; sperrede: bare id"),
                "siste_maling": MaalingSerializer(allow_null=True),
                "notater": JournalnotatCollectionApi.ListOutputSerializer(
                    many=True, help_text="Første side, nyeste først"
                ),
                "flere_notater": serializers.BooleanField(),
                "relasjoner": RelasjonSerializer(many=True),
                "tjenester": TjenesteKortSerializer(many=True, help_text="Aktive tjenester"),
                "tiltaksplan": inline_serializer(
                    "OversiktTiltaksplan",
                    {
                        "plan": PlanSerializer(),
                        "behov": BehovSerializer(many=True, help_text="Aktive"),
                        "maal": MaalSerializer(many=True, help_text="Aktive"),
                        "tiltak_i_dag": TiltakSerializer(many=True),
                    },
                    allow_null=True,
                ),
            },
        ),
    )
    def get(self, request: Request, pasient_id: uuid.UUID) -> Response:
        o = oversikt_get(actor=request_ansatt(request), pasient_id=pasient_id)
        return Response(oversikt_data(o))


# --- oversikt (issue 12, target 2): the response built directly ---------------------------
# What the serializers above give (tests/journal/test_oversikt_ytelse.py compares them field
# by field on a whole record), written as dicts: the serializers' per-field calls were a
# fifth of the endpoint's Python time. Values as DRF's fields write them: a UUID as text, a
# date in ISO format, a date and time in ISO format in the current time zone ("Z" for UTC),
# a decimal shown as text with its places (omfang) or as a number (the vitals).


def oversikt_data(o: Oversikt) -> dict[str, Any]:
    """The overview response (the OpenAPI shape of OversiktApi.get)."""
    tz = timezone.get_current_timezone()
    siste = o.malinger.siste
    return {
        "pasient": pasient_detail_data(o.visning),
        "kritisk_info": [_kritisk_data(k) for k in o.visning.kritisk],
        "diagnoser": [
            {"id": str(d.pk), "sperret": True} if blocked else _diagnose_data(d, tz)
            for d, blocked in o.diagnoser.rader()
        ],
        "siste_maling": _maaling_data(siste.maling, tz) if siste else None,
        "notater": [JournalnotatCollectionApi._row(r) for r in o.notater.rader],
        "flere_notater": o.notater.side.har_neste,
        "relasjoner": [
            {
                "enhet": r.enhet.navn,
                "grunnlag": r.grunnlag,
                "gyldig_fra": _tid(r.gyldig_fra, tz),
                "gyldig_til": _tid(r.gyldig_til, tz),
            }
            for r in o.visning.relasjoner
        ],
        "tjenester": [_tjeneste_data(t) for t in o.tjenester],
        "tiltaksplan": _plan_data(o.plan, tz),
    }


def _tid(value: dt.datetime | None, tz: dt.tzinfo) -> str | None:
    if not value:
        return None
    text = value.astimezone(tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _dato(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _id(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None


def _kritisk_data(k: KritiskInformasjon) -> dict[str, Any]:
    return {
        "id": str(k.pk),
        "type": k.type,
        "tittel": k.tittel,
        "reaksjon": k.reaksjon,
        "alvorlighet": k.alvorlighet,
        "sikkerhet": k.sikkerhet,
        "dato": _dato(k.dato),
    }


def _diagnose_data(d: Diagnose, tz: dt.tzinfo) -> dict[str, Any]:
    kode = d.kode
    return {
        "id": str(d.pk),
        "sperret": False,
        "kodeverk": kode.kodeverk,
        "system": OID.get(kode.kodeverk, ""),
        "kode": kode.kode,
        "tekst": kode.tekst,
        "debut": _dato(d.debut),
        "status": d.status,
        "merknad": d.merknad,
        "satt_av": d.satt_av.get_full_name(),
        "satt_at": _tid(d.created_at, tz),
        "avsluttet_av": d.avsluttet_av.get_full_name() if d.avsluttet_av else None,
        "avsluttet_at": _tid(d.avsluttet_at, tz),
    }


def _maaling_data(m: Maaling, tz: dt.tzinfo) -> dict[str, Any]:
    rad = Maalingsrad(m)
    return {
        "id": str(m.pk),
        "tidspunkt": _tid(m.tidspunkt, tz),
        "systolisk": m.systolisk,
        "diastolisk": m.diastolisk,
        "puls": m.puls,
        "respirasjon": m.respirasjon,
        "spo2": m.spo2,
        "spo2_skala": m.spo2_skala,
        "oksygen": None if m.oksygen is None else bool(m.oksygen),
        "temperatur": m.temperatur,
        "bevissthet": m.bevissthet,
        "vekt": m.vekt,
        "blodsukker": m.blodsukker,
        "news2": m.news2,
        "news2_niva": m.news2_niva,
        "news2_unntak": m.news2_unntak,
        "news2_tiltak": rad.news2_tiltak,
        "news2_melding": rad.news2_melding,
        "enhet": str(m.enhet_id),
        "registrert_av": m.registrert_av.get_full_name() or m.registrert_av.username,
        "feilregistrert": rad.feilregistrert,
        "feilregistrert_at": _tid(m.feilregistrert_at, tz),
        "feilregistrert_grunn": m.feilregistrert_grunn,
    }


def _tjeneste_data(t: Tjeneste) -> dict[str, Any]:
    return {
        "id": str(t.pk),
        "tjenestetype_kode": t.tjenestetype_kode,
        "navn": t.navn,
        "enhet": t.enhet.navn,
        "omfang": None if t.omfang is None else f"{Decimal(t.omfang).quantize(_HUNDREDEL):f}",
        "omfang_enhet": t.omfang_enhet,
        "fra_dato": _dato(t.fra_dato),
        "til_dato": _dato(t.til_dato),
    }


_HUNDREDEL = Decimal("0.01")


def _plan_data(p: Planvisning | None, tz: dt.tzinfo) -> dict[str, Any] | None:
    if p is None:
        return None
    plan = p.plan
    return {
        "plan": {
            "id": str(plan.pk),
            "status": plan.status,
            "gyldig_fra": _dato(plan.gyldig_fra),
            "gyldig_til": _dato(plan.gyldig_til),
            "individuell_plan": bool(plan.individuell_plan),
            "koordinator": _id(plan.koordinator_id),
            "koordinator_navn": str(plan.koordinator) if plan.koordinator_id else None,
            "enhet": str(plan.enhet_id),
            "opprettet_av": str(plan.opprettet_av_id),
            "avsluttet_grunn": plan.avsluttet_grunn,
        },
        "behov": [
            {
                "id": str(b.behov.pk),
                "tekst": b.behov.tekst,
                "kode": (
                    f"{b.behov.kode.kodeverk} {b.behov.kode.kode}"
                    if b.behov.kode_id and b.behov.kode
                    else None
                ),
                "kode_fri": b.behov.kode_fri,
                "status": b.behov.status,
                "loest_at": _tid(b.behov.loest_at, tz),
            }
            for b in p.aktive_behov
        ],
        "maal": [
            {
                "id": str(m.pk),
                "behov": str(m.behov_id),
                "tekst": m.tekst,
                "maldato": _dato(m.maldato),
                "status": m.status,
                "naadd_at": _tid(m.naadd_at, tz),
            }
            for b in p.aktive_behov
            for m in b.maal
            if m.status == "aktiv"
        ],
        "tiltak_i_dag": [_tiltak_data(t) for t in p.i_dag],
    }


def _tiltak_data(v: Tiltakvisning) -> dict[str, Any]:
    t = v.tiltak
    return {
        "id": str(t.pk),
        "behov": _id(t.behov_id),
        "tekst": t.tekst,
        "ansvarlig_enhet": str(t.ansvarlig_enhet_id),
        "ansvarlig_enhet_navn": t.ansvarlig_enhet.navn,
        "frekvens": t.frekvens,
        "intervall": t.intervall,
        "ukedager": [int(d) for d in t.ukedager],
        "tidspunkter": [k.strftime("%H:%M") for k in t.tidspunkter],
        "varighet_min": t.varighet_min,
        "timeplan_tekst": v.timeplan_tekst,
        "start_dato": _dato(t.start_dato),
        "slutt_dato": _dato(t.slutt_dato),
        "status": t.status,
        "forrige": _id(t.forrige_id),
    }


# --- end oversikt
