"""API: the response queue (open alarms, acknowledge, close)."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.decorators import request_ansatt
from integrasjoner.velferdsteknologi.models import Alarm, AlarmUtfall
from integrasjoner.velferdsteknologi.selectors import alarmer_open
from integrasjoner.velferdsteknologi.services import (
    alarm_acknowledge,
    alarm_close,
)


class AlarmSerializer(serializers.ModelSerializer[Alarm]):
    pasient_navn = serializers.CharField(source="pasient.fullt_navn", read_only=True)

    class Meta:
        model = Alarm
        fields = [
            "id",
            "pasient",
            "pasient_navn",
            "type",
            "kode",
            "alvorlighet",
            "tittel",
            "tidspunkt",
            "status",
            "kvittert_at",
            "lukket_at",
            "utfall",
        ]


class AlarmListApi(ApiBase):
    @extend_schema(
        operation_id="velferdsteknologi_alarmer_open",
        tags=["velferdsteknologi"],
        summary="Åpne alarmer i responssenteret (mest alvorlige og eldste først)",
        responses={200: AlarmSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = alarmer_open(actor=request_ansatt(request))
        return Response(AlarmSerializer(rows, many=True).data)


class AlarmAcknowledgeApi(ApiBase):
    @extend_schema(
        operation_id="velferdsteknologi_alarm_acknowledge",
        tags=["velferdsteknologi"],
        summary="Kvitter en alarm",
        request=None,
        responses={200: AlarmSerializer},
    )
    def post(self, request: Request, alarm_id: uuid.UUID) -> Response:
        alarm = alarm_acknowledge(actor=request_ansatt(request), alarm_id=alarm_id)
        return Response(AlarmSerializer(alarm).data)


class AlarmCloseApi(ApiBase):
    class InputSerializer(serializers.Serializer[Any]):
        utfall = serializers.ChoiceField(choices=AlarmUtfall.choices)
        dokumentasjon = serializers.CharField(max_length=5000)
        journalfor = serializers.BooleanField(default=False)

    @extend_schema(
        operation_id="velferdsteknologi_alarm_close",
        tags=["velferdsteknologi"],
        summary="Avslutt en alarm med utfall og dokumentasjon (eventuelt som journalnotat)",
        request=InputSerializer,
        responses={
            200: AlarmSerializer,
            400: OpenApiResponse(
                description="Alarmen er allerede lukket (detail), eller feil per felt"
            ),
        },
    )
    def post(self, request: Request, alarm_id: uuid.UUID) -> Response:
        incoming = self.InputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        alarm = alarm_close(
            actor=request_ansatt(request), alarm_id=alarm_id, **incoming.validated_data
        )
        return Response(AlarmSerializer(alarm).data)
