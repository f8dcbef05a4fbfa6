"""Health-station API: recording a programme consultation."""

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
from tjenester.helsestasjon import services
from tjenester.helsestasjon.models import Konsultasjon, KonsultasjonStatus


class KonsultasjonSerializer(serializers.ModelSerializer[Konsultasjon]):
    class Meta:
        model = Konsultasjon
        fields = ["id", "pasient", "programpunkt", "dato", "status", "notat", "utfoert_av"]


class KonsultasjonRegisterApi(ApiBase):
    """A consultation held (with its note) or not attended. Audited."""

    class InputSerializer(serializers.Serializer[Any]):
        programpunkt = serializers.UUIDField()
        status = serializers.ChoiceField(choices=KonsultasjonStatus.values)
        dato = DatoField(required=False, allow_null=True)
        notat = serializers.CharField(required=False, allow_blank=True, max_length=20000)

    @extend_schema(request=InputSerializer, responses={201: KonsultasjonSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        konsultasjon = services.konsultasjon_register(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            programpunkt_id=v["programpunkt"],
            status=v["status"],
            dato=v.get("dato"),
            notat=v.get("notat", ""),
        )
        return Response(KonsultasjonSerializer(konsultasjon).data, status=status.HTTP_201_CREATED)
