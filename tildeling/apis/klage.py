"""API for tildeling: appeals against decisions."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoField
from core.api.pagination import side_parse, side_response, side_schema
from core.decorators import request_ansatt
from tildeling.models import Klage
from tildeling.selectors.klage import klager_list
from tildeling.services.klage import klage_register


class KlageSerializer(serializers.ModelSerializer[Klage]):
    class Meta:
        model = Klage
        fields = [
            "id",
            "pasient",
            "vedtak",
            "mottatt_dato",
            "frist_dato",
            "for_sent",
            "anforsler",
            "status",
            "kommune_utfall",
            "vurdering",
            "vurdert_dato",
            "oversendt_dato",
            "statsforvalter_utfall",
            "statsforvalter_dato",
        ]


class KlageCollectionApi(ApiBase):
    """GET: the office's appeals. POST: register an appeal against a decision; a late
    appeal is registered with `for_sent: true` (never refused)."""

    class InputSerializer(serializers.Serializer[Any]):
        vedtak_id = serializers.UUIDField()
        mottatt_dato = DatoField()
        anforsler = serializers.CharField()

    @extend_schema(
        parameters=[OpenApiParameter("side", int)],
        responses=side_schema("KlageSide", KlageSerializer(many=True)),
    )
    def get(self, request: Request) -> Response:
        side = klager_list(
            actor=request_ansatt(request), side=side_parse(request.query_params.get("side"))
        )
        return side_response(request, side, KlageSerializer(side.items, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: KlageSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        klage = klage_register(actor=request_ansatt(request), **data.validated_data)
        return Response(KlageSerializer(klage).data, status=201)
