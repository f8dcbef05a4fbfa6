"""API for the clinical summary: the same content as the page, from the same selector."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoField, DatoTidField
from core.decorators import request_ansatt
from journal.apis.kritisk import DiagnoseSerializer, _diagnose_rows
from journal.apis.maaling import MaalingSerializer
from journal.apis.notat import JournalnotatCollectionApi
from journal.apis.pasient import PasientDetailSerializer, pasient_detail_data
from journal.apis.tiltaksplan import (
    BehovSerializer,
    MaalSerializer,
    PlanSerializer,
    TiltakSerializer,
)
from journal.models import KritiskInformasjon
from journal.selectors.oversikt import oversikt_get
from journal.selectors.tiltaksplan import Planvisning


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


def _plan_summary(p: Planvisning | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "plan": _PLAN.to_representation(p.plan),
        "behov": [_BEHOV.to_representation(b.behov) for b in p.aktive_behov],
        "maal": [
            _MAAL.to_representation(m)
            for b in p.aktive_behov
            for m in b.maal
            if m.status == "aktiv"
        ],
        "tiltak_i_dag": [_TILTAK.to_representation(t.tiltak) for t in p.i_dag],
    }


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
        siste = o.malinger.siste
        return Response(
            {
                "pasient": pasient_detail_data(o.visning),
                "kritisk_info": [_KRITISK.to_representation(k) for k in o.visning.kritisk],
                "diagnoser": _diagnose_rows(o.diagnoser),
                "siste_maling": _MAALING.to_representation(siste.maling) if siste else None,
                "notater": [JournalnotatCollectionApi._row(r) for r in o.notater.rader],
                "flere_notater": o.notater.side.har_neste,
                "relasjoner": [_RELASJON.to_representation(r) for r in o.visning.relasjoner],
                "tjenester": [_TJENESTE.to_representation(t) for t in o.tjenester],
                "tiltaksplan": _plan_summary(o.plan),
            }
        )


# One instance of each serializer for every response: a model serializer builds its fields
# from the model on each new instance, which cost more than the rows it writes here (none of
# these read the request context, so sharing them between requests is safe).
_KRITISK = KritiskKortSerializer()
_MAALING = MaalingSerializer()
_RELASJON = RelasjonSerializer()
_TJENESTE = TjenesteKortSerializer()
_PLAN = PlanSerializer()
_BEHOV = BehovSerializer()
_MAAL = MaalSerializer()
_TILTAK = TiltakSerializer()
