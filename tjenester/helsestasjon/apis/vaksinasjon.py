"""Health-station API: a vaccine dose given, the parents' refusal, a wrong entry marked."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoTidField
from core.decorators import request_ansatt
from tjenester.helsestasjon import services
from tjenester.helsestasjon.apis.barn import VaksinasjonSerializer
from tjenester.helsestasjon.models import Injeksjonssted


class VaksinasjonGiveApi(ApiBase):
    """Register a dose given (batch required; before the minimum age or interval only with
    `avvik_begrunnelse`). Audited; reported to SYSVAK through the outbox."""

    class InputSerializer(serializers.Serializer[Any]):
        vaksinedose = serializers.UUIDField()
        preparat = serializers.CharField(max_length=100, allow_blank=True)
        batch = serializers.CharField(max_length=40, allow_blank=True)
        sted = serializers.ChoiceField(choices=Injeksjonssted.values)
        tidspunkt = DatoTidField(required=False, allow_null=True)
        avvik_begrunnelse = serializers.CharField(max_length=500, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={201: VaksinasjonSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        vaksinasjon = services.vaksinasjon_give(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            vaksinedose_id=v["vaksinedose"],
            preparat=v["preparat"],
            batch=v["batch"],
            sted=v["sted"],
            tidspunkt=v.get("tidspunkt"),
            avvik_begrunnelse=v.get("avvik_begrunnelse", ""),
        )
        return Response(VaksinasjonSerializer(vaksinasjon).data, status=status.HTTP_201_CREATED)


class VaksinasjonRefuseApi(ApiBase):
    """Record the parents' refusal of a dose (a parent with parental responsibility)."""

    class InputSerializer(serializers.Serializer[Any]):
        vaksinedose = serializers.UUIDField()
        foresatt = serializers.UUIDField()
        begrunnelse = serializers.CharField(max_length=500, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={201: VaksinasjonSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        vaksinasjon = services.vaksinasjon_refuse(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            vaksinedose_id=v["vaksinedose"],
            foresatt_id=v["foresatt"],
            begrunnelse=v.get("begrunnelse", ""),
        )
        return Response(VaksinasjonSerializer(vaksinasjon).data, status=status.HTTP_201_CREATED)


class VaksinasjonInvalidateApi(ApiBase):
    """Mark a wrong entry feilregistrert; a given dose's correction goes to SYSVAK."""

    class InputSerializer(serializers.Serializer[Any]):
        grunn = serializers.CharField(max_length=500, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=VaksinasjonSerializer)
    def post(self, request: Request, vaksinasjon_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vaksinasjon = services.vaksinasjon_invalidate(
            actor=request_ansatt(request),
            vaksinasjon_id=vaksinasjon_id,
            grunn=data.validated_data["grunn"],
        )
        return Response(VaksinasjonSerializer(vaksinasjon).data)
