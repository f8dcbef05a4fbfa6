"""API for nursing homes: beds, the occupancy board, stays and their events, the waiting
list. The same services and selectors as the pages, so the same access rules and audit."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoField
from core.api.pagination import side_parse, side_response
from core.decorators import request_ansatt
from core.exceptions import ApplicationError
from tjenester.sykehjem import selectors as sel
from tjenester.sykehjem import services as svc
from tjenester.sykehjem.models import (
    Fravaer,
    Fravaerstype,
    Opphold,
    OppholdStatus,
    Oppholdstype,
    Sengeperiode,
)


class SengeperiodeSerializer(serializers.ModelSerializer[Sengeperiode]):
    class Meta:
        model = Sengeperiode
        fields = ["id", "seng", "enhet", "fra", "til"]


class FravaerSerializer(serializers.ModelSerializer[Fravaer]):
    class Meta:
        model = Fravaer
        fields = ["id", "opphold", "type", "fra", "til", "merknad"]


class OppholdSerializer(serializers.ModelSerializer[Opphold]):
    pasient_navn = serializers.CharField(source="pasient.fullt_navn")

    class Meta:
        model = Opphold
        fields = [
            "id",
            "pasient",
            "pasient_navn",
            "enhet",
            "seng",
            "type",
            "status",
            "fra",
            "til",
            "avslutningsarsak",
            "dodsdato",
            "merknad",
            "tjeneste",
        ]


class OppholdDetaljSerializer(OppholdSerializer):
    sengeperioder = SengeperiodeSerializer(many=True)
    fravar = FravaerSerializer(many=True)

    class Meta(OppholdSerializer.Meta):
        fields = [*OppholdSerializer.Meta.fields, "sengeperioder", "fravar"]


def side_schema(name: str, item: serializers.Serializer[Any]) -> Any:
    return inline_serializer(
        name,
        {
            "side": serializers.IntegerField(),
            "neste": serializers.URLField(allow_null=True),
            "forrige": serializers.URLField(allow_null=True),
            "resultater": item,
        },
    )


def _opphold_response(request: Request, opphold_id: uuid.UUID, status: int = 200) -> Response:
    """The stay as it is now, or 204 when the change took it out of the person's reach
    (discharge, death or transfer to another ward close the ward's care relationship)."""
    try:
        opphold = sel.opphold_get(actor=request_ansatt(request), opphold_id=opphold_id)
    except ApplicationError:
        return Response(status=204)
    return Response(OppholdDetaljSerializer(opphold).data, status=status)


class OppholdCollectionApi(ApiBase):
    """GET: stays the person may see (newest first, paged). POST: admit a patient to a bed
    of the acting ward, or reserve it (fra ahead). 400 "Sengen er allerede belagt i
    perioden." when the bed is taken; needs the right to manage stays."""

    class InputSerializer(serializers.Serializer[Any]):
        seng = serializers.UUIDField()
        type = serializers.ChoiceField(choices=Oppholdstype.choices)
        fra = DatoField()
        til = DatoField(required=False, allow_null=True, default=None)
        pasient = serializers.UUIDField(required=False, allow_null=True, default=None)
        identifikator = serializers.CharField(required=False, allow_blank=True, default="")
        venteliste = serializers.UUIDField(required=False, allow_null=True, default=None)
        merknad = serializers.CharField(required=False, allow_blank=True, default="")
        tjeneste = serializers.UUIDField(required=False, allow_null=True, default=None)

    @extend_schema(
        parameters=[
            OpenApiParameter("enhet", OpenApiTypes.UUID),
            OpenApiParameter("status", str, enum=OppholdStatus.values),
            OpenApiParameter("side", int),
        ],
        responses=side_schema("OppholdSide", OppholdSerializer(many=True)),
    )
    def get(self, request: Request) -> Response:
        side = sel.opphold_list(
            actor=request_ansatt(request),
            enhet_id=request.query_params.get("enhet") or None,
            status=request.query_params.get("status") or None,
            side=side_parse(request.query_params.get("side")),
        )
        return side_response(request, side, OppholdSerializer(side.items, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: OppholdDetaljSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        opphold = svc.opphold_create(
            actor=request_ansatt(request),
            seng_id=d["seng"],
            type=d["type"],
            fra=d["fra"],
            til=d["til"],
            pasient_id=d["pasient"],
            identifikator=d["identifikator"],
            venteliste_id=d["venteliste"],
            merknad=d["merknad"],
            tjeneste_id=d["tjeneste"],
        )
        return _opphold_response(request, opphold.pk, status=201)


class OppholdDetailApi(ApiBase):
    """One stay with its bed periods and absences (the same 404 for missing and not allowed)."""

    @extend_schema(responses=OppholdDetaljSerializer)
    def get(self, request: Request, opphold_id: uuid.UUID) -> Response:
        opphold = sel.opphold_get(actor=request_ansatt(request), opphold_id=opphold_id)
        return Response(OppholdDetaljSerializer(opphold).data)


class DatoSerializer(serializers.Serializer[Any]):
    dato = DatoField(required=False, allow_null=True, default=None)


class OppholdInnleggApi(ApiBase):
    """The reserved resident arrives: the stay becomes active (from `dato`, default today)."""

    @extend_schema(request=DatoSerializer, responses={200: OppholdDetaljSerializer})
    def post(self, request: Request, opphold_id: uuid.UUID) -> Response:
        data = DatoSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        svc.opphold_admit(
            actor=request_ansatt(request), opphold_id=opphold_id, dato=data.validated_data["dato"]
        )
        return _opphold_response(request, opphold_id)


class OppholdOverflyttApi(ApiBase):
    """Move the resident to another bed (this or another ward) from `dato` (default today).
    204 when the move took the stay to a ward the person does not work in."""

    class InputSerializer(serializers.Serializer[Any]):
        seng = serializers.UUIDField()
        dato = DatoField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={200: OppholdDetaljSerializer, 204: None})
    def post(self, request: Request, opphold_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        svc.opphold_transfer(
            actor=request_ansatt(request),
            opphold_id=opphold_id,
            seng_id=data.validated_data["seng"],
            dato=data.validated_data["dato"],
        )
        return _opphold_response(request, opphold_id)


class OppholdFravaerApi(ApiBase):
    """Record leave (permisjon) or a hospital stay within the active stay."""

    class InputSerializer(serializers.Serializer[Any]):
        type = serializers.ChoiceField(choices=Fravaerstype.choices)
        fra = DatoField()
        til = DatoField(required=False, allow_null=True, default=None)
        merknad = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={201: FravaerSerializer})
    def post(self, request: Request, opphold_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fravar = svc.fravaer_create(
            actor=request_ansatt(request), opphold_id=opphold_id, **data.validated_data
        )
        return Response(FravaerSerializer(fravar).data, status=201)


class FravaerSluttApi(ApiBase):
    """The resident is back from leave or hospital (on `dato`, default today)."""

    @extend_schema(request=DatoSerializer, responses={200: FravaerSerializer})
    def post(self, request: Request, fravar_id: uuid.UUID) -> Response:
        data = DatoSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fravar = svc.fravaer_end(
            actor=request_ansatt(request), fravar_id=fravar_id, til=data.validated_data["dato"]
        )
        return Response(FravaerSerializer(fravar).data)


class _EndApi(ApiBase):
    @staticmethod
    def _end(request: Request, opphold_id: uuid.UUID, service: Any) -> Response:
        data = DatoSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        opphold = service(
            actor=request_ansatt(request), opphold_id=opphold_id, dato=data.validated_data["dato"]
        )
        return Response(OppholdSerializer(opphold).data)


class OppholdUtskrivApi(_EndApi):
    """Discharge on `dato` (today or earlier): the bed is free from that day."""

    @extend_schema(request=DatoSerializer, responses={200: OppholdSerializer})
    def post(self, request: Request, opphold_id: uuid.UUID) -> Response:
        return self._end(request, opphold_id, svc.opphold_discharge)


class OppholdDoedsfallApi(_EndApi):
    """The resident died on `dato`: the stay ends that day with the date of death."""

    @extend_schema(request=DatoSerializer, responses={200: OppholdSerializer})
    def post(self, request: Request, opphold_id: uuid.UUID) -> Response:
        return self._end(request, opphold_id, svc.opphold_death)


class OppholdAnnullerApi(ApiBase):
    """Annul a reservation; the bed is free again."""

    @extend_schema(request=None, responses={200: OppholdSerializer})
    def post(self, request: Request, opphold_id: uuid.UUID) -> Response:
        opphold = svc.opphold_cancel(actor=request_ansatt(request), opphold_id=opphold_id)
        return Response(OppholdSerializer(opphold).data)
