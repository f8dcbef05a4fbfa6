"""GP office API: consultations, their diagnoses and fee lines, signing."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.pagination import side_parse, side_response, side_schema
from core.decorators import request_ansatt
from tjenester.legekontor import selectors as sel
from tjenester.legekontor import services as svc
from tjenester.legekontor.models import Konsultasjon, Takstlinje


class TakstlinjeSerializer(serializers.ModelSerializer[Takstlinje]):
    verifisert = serializers.BooleanField(source="takst.verifisert")
    tekst = serializers.CharField(source="takst.tekst")

    class Meta:
        model = Takstlinje
        fields = [
            "id",
            "kode",
            "tekst",
            "antall",
            "honorar",
            "refusjon",
            "egenandel",
            "verifisert",
            "krav_status",
        ]


class KonsultasjonSerializer(serializers.ModelSerializer[Konsultasjon]):
    pasient_navn = serializers.CharField(source="pasient.fullt_navn")
    diagnoser = serializers.SerializerMethodField()
    takstlinjer = TakstlinjeSerializer(many=True, read_only=True)

    class Meta:
        ref_name = "Legekonsultasjon"  # the health station has a "Konsultasjon" of its own
        model = Konsultasjon
        fields = [
            "id",
            "pasient",
            "pasient_navn",
            "lege",
            "timeavtale",
            "akutt",
            "start",
            "kontaktaarsak",
            "tidsbruk_min",
            "status",
            "signert_at",
            "egenandel_fritak",
            "egenandel",
            "betaling",
            "diagnoser",
            "takstlinjer",
        ]

    def get_diagnoser(self, obj: Konsultasjon) -> list[str]:
        return [d.kode.kode for d in obj.diagnoser.all()]


class KonsultasjonListSerializer(serializers.ModelSerializer[Konsultasjon]):
    pasient_navn = serializers.CharField(source="pasient.fullt_navn")

    class Meta:
        model = Konsultasjon
        fields = ["id", "pasient", "pasient_navn", "lege", "start", "status", "akutt"]


def _full(request: Request, konsultasjon_id: uuid.UUID) -> Response:
    konsultasjon = sel.konsultasjon_get(
        actor=request_ansatt(request), konsultasjon_id=konsultasjon_id
    )
    return Response(KonsultasjonSerializer(konsultasjon).data)


class KonsultasjonCollectionApi(ApiBase):
    """GET: the office's consultations. POST: open one from an appointment (`timeavtale`)
    or as an emergency contact (`pasient`)."""

    class InputSerializer(serializers.Serializer[Any]):
        timeavtale = serializers.UUIDField(required=False, allow_null=True, default=None)
        pasient = serializers.UUIDField(required=False, allow_null=True, default=None)
        kontaktaarsak = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=300
        )

    @extend_schema(
        parameters=[OpenApiParameter("side", int)],
        responses=side_schema("KonsultasjonSide", KonsultasjonListSerializer(many=True)),
    )
    def get(self, request: Request) -> Response:
        side = sel.konsultasjoner_list(
            actor=request_ansatt(request), side=side_parse(request.query_params.get("side"))
        )
        return side_response(request, side, KonsultasjonListSerializer(side.items, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: KonsultasjonSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        actor = request_ansatt(request)
        if d["timeavtale"]:
            konsultasjon = svc.konsultasjon_open(actor=actor, timeavtale_id=d["timeavtale"])
        elif d["pasient"]:
            konsultasjon = svc.konsultasjon_emergency_open(
                actor=actor, pasient_id=d["pasient"], kontaktaarsak=d["kontaktaarsak"]
            )
        else:
            raise serializers.ValidationError({"timeavtale": ["Oppgi timeavtale eller pasient."]})
        response = _full(request, konsultasjon.pk)
        response.status_code = 201
        return response


class KonsultasjonDetailApi(ApiBase):
    """GET: one consultation. PATCH: reason for contact, time spent, exemption."""

    class InputSerializer(serializers.Serializer[Any]):
        kontaktaarsak = serializers.CharField(allow_blank=True, max_length=300)
        tidsbruk_min = serializers.IntegerField(
            required=False, allow_null=True, default=None, min_value=1, max_value=600
        )
        frikort = serializers.BooleanField(required=False, default=False)
        fritak = serializers.CharField(required=False, allow_blank=True, default="", max_length=16)

    @extend_schema(responses={200: KonsultasjonSerializer})
    def get(self, request: Request, konsultasjon_id: uuid.UUID) -> Response:
        return _full(request, konsultasjon_id)

    @extend_schema(request=InputSerializer, responses={200: KonsultasjonSerializer})
    def patch(self, request: Request, konsultasjon_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        svc.konsultasjon_update(
            actor=request_ansatt(request), konsultasjon_id=konsultasjon_id, **data.validated_data
        )
        return _full(request, konsultasjon_id)


class KonsultasjonDiagnoseApi(ApiBase):
    """Add an ICPC-2 diagnosis (code, e.g. T90)."""

    class InputSerializer(serializers.Serializer[Any]):
        kode = serializers.CharField(max_length=16)

    @extend_schema(request=InputSerializer, responses={200: KonsultasjonSerializer})
    def post(self, request: Request, konsultasjon_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        svc.konsultasjon_diagnose_add(
            actor=request_ansatt(request),
            konsultasjon_id=konsultasjon_id,
            kode=data.validated_data["kode"],
        )
        return _full(request, konsultasjon_id)


class KonsultasjonTakstApi(ApiBase):
    """Add a fee code valid on the consultation's date."""

    class InputSerializer(serializers.Serializer[Any]):
        kode = serializers.CharField(max_length=16)

    @extend_schema(request=InputSerializer, responses={200: KonsultasjonSerializer})
    def post(self, request: Request, konsultasjon_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        svc.takstlinje_add(
            actor=request_ansatt(request),
            konsultasjon_id=konsultasjon_id,
            kode=data.validated_data["kode"],
        )
        return _full(request, konsultasjon_id)


class KonsultasjonSignApi(ApiBase):
    """Sign the note (its sections) and close the consultation."""

    class InputSerializer(serializers.Serializer[Any]):
        innhold = serializers.DictField(child=serializers.CharField(allow_blank=True))

    @extend_schema(request=InputSerializer, responses={200: KonsultasjonSerializer})
    def post(self, request: Request, konsultasjon_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        svc.konsultasjon_sign(
            actor=request_ansatt(request),
            konsultasjon_id=konsultasjon_id,
            innhold=data.validated_data["innhold"],
        )
        return _full(request, konsultasjon_id)
