"""API for claims to HELFO (the acting unit's, SIGN right): claims with their state, one
claim's lines (audited per patient), and sending a validated claim."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.pagination import side_parse, side_response, side_schema
from core.decorators import request_ansatt
from integrasjoner.helfo.models import Behandlerkrav, Kravlinje
from integrasjoner.helfo.selectors import krav_get, krav_linjer_page, krav_page
from integrasjoner.helfo.services import krav_send

SIDE = 50


class KravSerializer(serializers.ModelSerializer[Behandlerkrav]):
    """A claim: period, GP, state, counts and sums, receipt and when it moved."""

    behandler_hpr = serializers.CharField(source="behandler.hpr_nummer", allow_null=True)
    korrigerer = serializers.UUIDField(source="korrigerer_id", allow_null=True)

    class Meta:
        model = Behandlerkrav
        fields = [
            "id",
            "fra",
            "til",
            "status",
            "behandler_hpr",
            "korrigerer",
            "antall_linjer",
            "sum_krav",
            "sum_utbetalt",
            "kvittering",
            "feil",
            "sendt_at",
            "kvittert_at",
            "oppgjort_at",
        ]


class KravlinjeSerializer(serializers.ModelSerializer[Kravlinje]):
    """One bill in a claim, with HELFO's decision (paid, or rejected with a reason)."""

    pasient_id = serializers.UUIDField(allow_null=True)

    class Meta:
        model = Kravlinje
        fields = [
            "id",
            "guid",
            "regning_nr",
            "pasient_id",
            "tidspunkt",
            "diagnoser",
            "takster",
            "egenandel",
            "kode_egenandel",
            "refusjon",
            "status",
            "utbetalt",
            "aarsakskode",
            "aarsakstekst",
        ]


class KravCollectionApi(ApiBase):
    """The acting unit's claims, newest first (paged)."""

    @extend_schema(
        parameters=[OpenApiParameter("side", int)],
        responses=side_schema("HelfoKravSide", KravSerializer(many=True)),
    )
    def get(self, request: Request) -> Response:
        side = krav_page(
            actor=request_ansatt(request),
            nummer=side_parse(request.query_params.get("side")),
            storrelse=SIDE,
        )
        return side_response(request, side, KravSerializer(side.items, many=True).data)


class KravLinjerApi(ApiBase):
    """One claim's bills (paged); the same 404 for a missing claim and another unit's."""

    @extend_schema(
        parameters=[OpenApiParameter("side", int)],
        responses=side_schema("HelfoKravlinjeSide", KravlinjeSerializer(many=True)),
    )
    def get(self, request: Request, krav_id: uuid.UUID) -> Response:
        actor = request_ansatt(request)
        krav = krav_get(actor=actor, krav_id=krav_id)
        side = krav_linjer_page(
            actor=actor, krav=krav, nummer=side_parse(request.query_params.get("side"))
        )
        return side_response(request, side, KravlinjeSerializer(side.items, many=True).data)


class KravSendApi(ApiBase):
    """Send a validated claim to HELFO (once: a repeat changes nothing)."""

    @extend_schema(
        request=None,
        responses={202: KravSerializer, 400: OpenApiResponse(description="Ikke validert")},
    )
    def post(self, request: Request, krav_id: uuid.UUID) -> Response:
        krav = krav_send(actor=request_ansatt(request), krav_id=krav_id)
        data: Any = KravSerializer(krav).data
        return Response(data, status=202)
