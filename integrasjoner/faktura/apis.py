"""API for invoicing (admins of the kommune): runs, start a run, a run's lines, its CSV."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.pagination import side_fetch, side_parse, side_response
from core.decorators import request_ansatt
from integrasjoner.faktura.models import Fakturagrunnlag, Fakturakjoering
from integrasjoner.faktura.selectors import fil_get, kjoeringer_list, linjer_list
from integrasjoner.faktura.services import eksport, kjoering_start, maaned_parse

SIDE = 50


class KjoeringSerializer(serializers.ModelSerializer[Fakturakjoering]):
    """A run: its month (ÅÅÅÅ-MM), status, progress counts and total."""

    maned = serializers.SerializerMethodField()
    kommunenummer = serializers.CharField(source="kommune.nummer")
    sum_belop = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)

    class Meta:
        model = Fakturakjoering
        fields = [
            "id",
            "kommunenummer",
            "maned",
            "status",
            "antall_pasienter",
            "antall_linjer",
            "antall_korreksjoner",
            "antall_avvik",
            "sum_belop",
            "startet_at",
            "ferdig_at",
            "sendt_at",
            "feil",
        ]

    def get_maned(self, obj: Fakturakjoering) -> str:
        return f"{obj.maned:%Y-%m}"


class LinjeSerializer(serializers.ModelSerializer[Fakturagrunnlag]):
    """One invoice line; kredit lines have negative quantity and amount and refer to the
    line they correct (`korrigerer`)."""

    pasient_id = serializers.UUIDField()
    korrigerer = serializers.UUIDField(source="korrigerer_id", allow_null=True)
    grunnlag = serializers.DictField()

    class Meta:
        model = Fakturagrunnlag
        fields = [
            "id",
            "pasient_id",
            "type",
            "tjeneste",
            "periode_fra",
            "periode_til",
            "antall",
            "enhet",
            "enhetspris",
            "belop",
            "grunnlag",
            "korrigerer",
            "merknad",
        ]


def _page(name: str, item: Any) -> Any:
    return inline_serializer(
        name,
        {
            "side": serializers.IntegerField(),
            "neste": serializers.URLField(allow_null=True),
            "forrige": serializers.URLField(allow_null=True),
            "resultater": item,
        },
    )


class KjoeringCollectionApi(ApiBase):
    """GET: the kommune's invoice runs, newest month first (paged). POST: start (or
    restart a draft of) the run for a finished month; it is computed in the background,
    poll GET for its status. Requires the admin right; 400 in Norwegian when the month
    is not finished, already sent or running."""

    class InputSerializer(serializers.Serializer[Any]):
        maned = serializers.CharField(help_text="ÅÅÅÅ-MM")

    @extend_schema(
        parameters=[OpenApiParameter("side", int)],
        responses=_page("KjoringSide", KjoeringSerializer(many=True)),
    )
    def get(self, request: Request) -> Response:
        side = side_fetch(
            kjoeringer_list(actor=request_ansatt(request)),
            nummer=side_parse(request.query_params.get("side")),
            storrelse=SIDE,
        )
        return side_response(request, side, KjoeringSerializer(side.items, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={202: KjoeringSerializer, 400: OpenApiResponse(description="Ugyldig måned")},
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kjoring = kjoering_start(
            actor=request_ansatt(request), maned=maaned_parse(data.validated_data["maned"])
        )
        return Response(KjoeringSerializer(kjoring).data, status=202)


class KjoeringLinjerApi(ApiBase):
    """A run's lines (paged), optionally of one patient. Every line returned is audited for
    its patient. The same 404 for a missing run and another kommune's."""

    @extend_schema(
        parameters=[
            OpenApiParameter("side", int),
            OpenApiParameter("pasient", OpenApiTypes.UUID, description="Bare denne pasienten"),
        ],
        responses=_page("FakturalinjeSide", LinjeSerializer(many=True)),
    )
    def get(self, request: Request, kjoring_id: uuid.UUID) -> Response:
        linjer = linjer_list(
            actor=request_ansatt(request),
            kjoring_id=kjoring_id,
            pasient_id=request.query_params.get("pasient"),
            side=side_parse(request.query_params.get("side")),
            storrelse=SIDE,
        )
        return side_response(
            request, linjer.side, LinjeSerializer(linjer.side.items, many=True).data
        )


class KjoeringFilApi(ApiBase):
    """The run's CSV file (layout: integrasjoner/faktura/services/eksport.py). Audited per
    patient."""

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(response=OpenApiTypes.STR, description="CSV"),
            404: OpenApiResponse(description="Ingen slik kjøring eller fil"),
        }
    )
    def get(self, request: Request, kjoring_id: uuid.UUID) -> StreamingHttpResponse:
        fil = fil_get(actor=request_ansatt(request), kjoring_id=kjoring_id)
        response = StreamingHttpResponse(
            eksport.fil_deler(fil), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{fil.filnavn}"'
        response["Cache-Control"] = "no-store"
        return response
