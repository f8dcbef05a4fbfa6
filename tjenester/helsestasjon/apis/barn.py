"""Health-station API: the child's programme, vaccines, parents and enrolment history;
enrolling a child."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoField
from core.decorators import request_ansatt
from tjenester.helsestasjon import selectors, services
from tjenester.helsestasjon.models import (
    Foresatt,
    Innskrivning,
    InnskrivningGrunn,
    Vaksinasjon,
)
from tjenester.helsestasjon.selectors import Barnebilde, DoseRad, PunktRad


class InnskrivningSerializer(serializers.ModelSerializer[Innskrivning]):
    enhet_navn = serializers.CharField(source="enhet.navn")

    class Meta:
        model = Innskrivning
        fields = [
            "id",
            "pasient",
            "enhet",
            "enhet_navn",
            "grunn",
            "fra_dato",
            "til_dato",
            "ansvarlig",
            "forrige",
            "overfoert_til",
        ]


class ForesattSerializer(serializers.ModelSerializer[Foresatt]):
    class Meta:
        model = Foresatt
        fields = ["id", "navn", "relasjon", "foreldreansvar", "identifikator", "telefon", "epost"]


class VaksinasjonSerializer(serializers.ModelSerializer[Vaksinasjon]):
    class Meta:
        model = Vaksinasjon
        fields = [
            "id",
            "vaksinedose",
            "vaksine",
            "dose_nr",
            "status",
            "kilde",
            "tidspunkt",
            "preparat",
            "batch",
            "sted",
            "avvik_begrunnelse",
            "reservasjon_foresatt",
            "reservasjon_begrunnelse",
            "registrert_av",
        ]


class PunktRadSerializer(serializers.Serializer[PunktRad]):
    id = serializers.UUIDField(source="punkt.pk")
    kode = serializers.CharField(source="punkt.kode")
    navn = serializers.CharField(source="punkt.navn")
    ansvarlige = serializers.ListField(source="punkt.ansvarlige", child=serializers.CharField())
    temaer = serializers.ListField(source="punkt.temaer", child=serializers.CharField())
    verifisert = serializers.BooleanField(source="punkt.verifisert")
    forfall = serializers.DateField(source="status.forfall")
    status = serializers.CharField(source="status.status")
    konsultasjon = serializers.UUIDField(source="konsultasjon.pk", allow_null=True)


class DoseRadSerializer(serializers.Serializer[DoseRad]):
    id = serializers.UUIDField(source="dose.pk")
    kode = serializers.CharField(source="dose.kode")
    vaksine = serializers.CharField(source="dose.vaksine")
    dose_nr = serializers.IntegerField(source="dose.dose_nr")
    forfall = serializers.DateField(source="status.forfall")
    status = serializers.CharField(source="status.status")
    vaksinasjon = serializers.UUIDField(source="vaksinasjon.pk", allow_null=True)


class BarnDetailApi(ApiBase):
    """The child's health-station picture (same 404 for missing and not allowed). Audited."""

    class OutputSerializer(serializers.Serializer[Barnebilde]):
        pasient = serializers.UUIDField(source="pasient.pk")
        navn = serializers.CharField(source="pasient.fullt_navn")
        fodselsdato = serializers.DateField(source="pasient.fodselsdato")
        innskrivning = InnskrivningSerializer(allow_null=True)
        historikk = InnskrivningSerializer(many=True)
        foresatte = ForesattSerializer(many=True)
        program = PunktRadSerializer(source="punkter", many=True)
        vaksineprogram = DoseRadSerializer(source="doser", many=True)
        vaksinasjoner = VaksinasjonSerializer(many=True)

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request, pasient_id: uuid.UUID) -> Response:
        bilde = selectors.barn_get(actor=request_ansatt(request), pasient_id=pasient_id)
        return Response(self.OutputSerializer(bilde).data)


class InnskrivningCreateApi(ApiBase):
    """Enrol a child at the acting health station (opens the care relationship). Audited."""

    class InputSerializer(serializers.Serializer[Any]):
        pasient = serializers.UUIDField()
        grunn = serializers.ChoiceField(
            choices=InnskrivningGrunn.choices, help_text="fodsel eller innflytting"
        )
        fra_dato = DatoField(required=False, allow_null=True)
        ansvarlig = serializers.UUIDField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={201: InnskrivningSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        innskrivning = services.innskrivning_create(
            actor=request_ansatt(request),
            pasient_id=v["pasient"],
            grunn=v["grunn"],
            fra_dato=v.get("fra_dato"),
            ansvarlig_id=v.get("ansvarlig"),
        )
        return Response(InnskrivningSerializer(innskrivning).data, status=status.HTTP_201_CREATED)
