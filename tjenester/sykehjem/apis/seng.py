"""Nursing-home API: the beds of a ward."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.decorators import request_ansatt
from core.exceptions import ApplicationError
from tjenester.sykehjem import selectors as sel
from tjenester.sykehjem.models import (
    Seng,
)


class SengSerializer(serializers.ModelSerializer[Seng]):
    rom = serializers.CharField(source="rom.navn")

    class Meta:
        model = Seng
        fields = ["id", "enhet", "rom", "navn", "type", "aktiv", "nummer"]


class SengListApi(ApiBase):
    """Every bed of a ward of the municipality (no patient data)."""

    @extend_schema(
        parameters=[OpenApiParameter("enhet", OpenApiTypes.UUID, required=True)],
        responses=SengSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        enhet = request.query_params.get("enhet")
        if not enhet:
            raise ApplicationError("Oppgi enhet (avdelingens id).")
        senger = sel.senger_for_avdeling(actor=request_ansatt(request), enhet_id=enhet)
        return Response(SengSerializer(senger, many=True).data)
