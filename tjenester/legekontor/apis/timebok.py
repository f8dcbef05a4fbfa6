"""GP office API: resources, the day's book, booking and the desk's actions, the waiting room."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoField, DatoTidField
from core.api.pagination import side_parse, side_response, side_schema
from core.decorators import request_ansatt
from core.klokke import idag
from tjenester.legekontor import selectors as sel
from tjenester.legekontor import services as svc
from tjenester.legekontor.models import Ressurs, Timeavtale


class RessursSerializer(serializers.ModelSerializer[Ressurs]):
    class Meta:
        model = Ressurs
        fields = ["id", "navn", "type", "ansatt"]


class TimeSerializer(serializers.ModelSerializer[Timeavtale]):
    pasient_navn = serializers.CharField(source="pasient.fullt_navn")

    class Meta:
        model = Timeavtale
        fields = [
            "id",
            "ressurs",
            "pasient",
            "pasient_navn",
            "start",
            "slutt",
            "type",
            "status",
            "aarsak",
            "avlyst_grunn",
            "ankommet_at",
        ]


def _dato(request: Request) -> Any:
    field = DatoField(required=False)
    value = request.query_params.get("dato")
    return field.to_internal_value(value) if value else idag()


class RessursListApi(ApiBase):
    """The office's bookable resources (GPs, nurses, lab)."""

    @extend_schema(
        parameters=[OpenApiParameter("side", int)],
        responses=side_schema("RessursSide", RessursSerializer(many=True)),
    )
    def get(self, request: Request) -> Response:
        side = sel.ressurser_list(
            actor=request_ansatt(request), side=side_parse(request.query_params.get("side"))
        )
        return side_response(request, side, RessursSerializer(side.items, many=True).data)


class TimebokDagApi(ApiBase):
    """One resource's appointments on a day (`dato`, default today)."""

    @extend_schema(
        parameters=[OpenApiParameter("dato", str), OpenApiParameter("side", int)],
        responses=side_schema("TimebokSide", TimeSerializer(many=True)),
    )
    def get(self, request: Request, ressurs_id: uuid.UUID) -> Response:
        _ressurs, side = sel.timebok_dag(
            actor=request_ansatt(request),
            ressurs_id=ressurs_id,
            dag=_dato(request),
            side=side_parse(request.query_params.get("side")),
        )
        return side_response(request, side, TimeSerializer(side.items, many=True).data)


class TimeBookApi(ApiBase):
    """Book a patient with a resource."""

    class InputSerializer(serializers.Serializer[Any]):
        ressurs = serializers.UUIDField()
        pasient = serializers.UUIDField()
        start = DatoTidField()
        lengde_min = serializers.IntegerField(
            required=False, allow_null=True, default=None, min_value=5, max_value=240
        )
        aarsak = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)

    @extend_schema(request=InputSerializer, responses={201: TimeSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        time = svc.time_book(
            actor=request_ansatt(request),
            ressurs_id=d["ressurs"],
            pasient_id=d["pasient"],
            start=d["start"],
            lengde_min=d["lengde_min"],
            aarsak=d["aarsak"],
        )
        return Response(TimeSerializer(time).data, status=201)


class TimeMoveApi(ApiBase):
    """Move a booked appointment (optionally to another resource)."""

    class InputSerializer(serializers.Serializer[Any]):
        start = DatoTidField()
        ressurs = serializers.UUIDField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={200: TimeSerializer})
    def post(self, request: Request, time_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        time = svc.time_move(
            actor=request_ansatt(request),
            time_id=time_id,
            start=data.validated_data["start"],
            ressurs_id=data.validated_data["ressurs"],
        )
        return Response(TimeSerializer(time).data)


class TimeCancelApi(ApiBase):
    """Cancel a booked appointment with a reason."""

    class InputSerializer(serializers.Serializer[Any]):
        grunn = serializers.CharField(max_length=200)

    @extend_schema(request=InputSerializer, responses={200: TimeSerializer})
    def post(self, request: Request, time_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        time = svc.time_cancel(
            actor=request_ansatt(request), time_id=time_id, grunn=data.validated_data["grunn"]
        )
        return Response(TimeSerializer(time).data)


class TimeArriveApi(ApiBase):
    """Register the patient's arrival at the desk."""

    @extend_schema(request=None, responses={200: TimeSerializer})
    def post(self, request: Request, time_id: uuid.UUID) -> Response:
        time = svc.time_arrive(actor=request_ansatt(request), time_id=time_id)
        return Response(TimeSerializer(time).data)


class TimeNoShowApi(ApiBase):
    """Mark that the patient did not come."""

    @extend_schema(request=None, responses={200: TimeSerializer})
    def post(self, request: Request, time_id: uuid.UUID) -> Response:
        time = svc.time_no_show(actor=request_ansatt(request), time_id=time_id)
        return Response(TimeSerializer(time).data)


class VenteromApi(ApiBase):
    """The GP's waiting room today."""

    @extend_schema(responses=side_schema("VenteromSide", TimeSerializer(many=True)))
    def get(self, request: Request) -> Response:
        from core.api.pagination import Side

        timer = sel.venterom(actor=request_ansatt(request), dag=idag())
        side = Side(items=timer, nummer=1, storrelse=max(len(timer), 1), har_neste=False)
        return side_response(request, side, TimeSerializer(timer, many=True).data)
