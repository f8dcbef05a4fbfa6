"""Nursing-home API: the waiting list."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoField
from core.api.pagination import side_parse, side_response
from core.decorators import request_ansatt
from tjenester.sykehjem import selectors as sel
from tjenester.sykehjem import services as svc
from tjenester.sykehjem.apis.opphold import side_schema
from tjenester.sykehjem.models import (
    Prioritet,
    Venteliste,
)


class VentelisteSerializer(serializers.ModelSerializer[Venteliste]):
    pasient_navn = serializers.CharField(source="pasient.fullt_navn")

    class Meta:
        model = Venteliste
        fields = [
            "id",
            "pasient",
            "pasient_navn",
            "enhet",
            "prioritet",
            "soknadsdato",
            "vedtaksdato",
            "status",
            "merknad",
        ]


class VentelisteApi(ApiBase):
    """GET: the waiting list for long-term places (priority, then application date).
    POST: put a patient the acting ward has access to on it."""

    class InputSerializer(serializers.Serializer[Any]):
        pasient = serializers.UUIDField(required=False, allow_null=True, default=None)
        identifikator = serializers.CharField(required=False, allow_blank=True, default="")
        prioritet = serializers.ChoiceField(choices=Prioritet.choices, default=Prioritet.MIDDELS)
        soknadsdato = DatoField(required=False, allow_null=True, default=None)
        vedtaksdato = DatoField(required=False, allow_null=True, default=None)
        merknad = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        parameters=[OpenApiParameter("side", int)],
        responses=side_schema("VentelisteSide", VentelisteSerializer(many=True)),
    )
    def get(self, request: Request) -> Response:
        side = sel.venteliste_list(
            actor=request_ansatt(request), side=side_parse(request.query_params.get("side"))
        )
        return side_response(request, side, VentelisteSerializer(side.items, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: VentelisteSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        venteliste = svc.venteliste_create(
            actor=request_ansatt(request), pasient_id=d.pop("pasient"), **d
        )
        return Response(VentelisteSerializer(venteliste).data, status=201)


class VentelisteFjernApi(ApiBase):
    """Take a patient off the waiting list without a stay."""

    @extend_schema(request=None, responses={200: VentelisteSerializer})
    def post(self, request: Request, venteliste_id: uuid.UUID) -> Response:
        venteliste = svc.venteliste_remove(
            actor=request_ansatt(request), venteliste_id=venteliste_id
        )
        return Response(VentelisteSerializer(venteliste).data)
