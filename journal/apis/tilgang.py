"""Access outside a care relationship and the patient's access log (API)."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoTidField
from core.api.pagination import side_parse, side_response, side_schema
from core.decorators import request_ansatt
from journal.models import TilgangType
from journal.selectors import tilgangslogg_for_pasient
from journal.services import utvidet_tilgang_open


class AkuttilgangCreateApi(ApiBase):
    """Open reasoned or emergency access to a patient outside a care relationship."""

    class InputSerializer(serializers.Serializer[Any]):
        type = serializers.ChoiceField(choices=TilgangType.choices, default=TilgangType.AKUTT)
        grunn_id = serializers.UUIDField(required=False, allow_null=True, default=None)
        begrunnelse = serializers.CharField(
            max_length=500,
            required=False,
            default="",
            allow_blank=True,
            error_messages={"max_length": "Begrunnelsen kan være høyst 500 tegn."},
        )

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.UUIDField()
        type = serializers.CharField()
        gyldig_til = DatoTidField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tilgang = utvidet_tilgang_open(
            actor=request_ansatt(request), pasient_id=pasient_id, **data.validated_data
        )
        return Response(self.OutputSerializer(tilgang).data, status=201)


class TilgangsloggApi(ApiBase):
    """Who accessed the patient's record, when and on what basis (innsyn i logg)."""

    class OutputSerializer(serializers.Serializer[Any]):
        tidspunkt = DatoTidField()
        hvem = serializers.CharField()
        yrke = serializers.CharField()
        enhet = serializers.CharField()
        hva = serializers.CharField()
        grunnlag = serializers.CharField()

    @extend_schema(
        parameters=[OpenApiParameter("side", int)],
        responses=side_schema("TilgangsloggSide", OutputSerializer(many=True)),
    )
    def get(self, request: Request, pasient_id: uuid.UUID) -> Response:
        _pasient, side, rader = tilgangslogg_for_pasient(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            side=side_parse(request.query_params.get("side")),
        )
        return side_response(request, side, self.OutputSerializer(rader, many=True).data)
