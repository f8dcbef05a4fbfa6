"""API for payroll (/api/v1/lonn/, admins): periods, build, close, lines and the file."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoField
from core.api.pagination import side_fetch, side_parse, side_response, side_schema
from core.decorators import request_ansatt
from integrasjoner.lonn.models import Loennslinje, Loennsperiode
from integrasjoner.lonn.selectors import (
    LINJER_SIDE,
    PERIODER_SIDE,
    loennsfil_get,
    loennslinjer_side,
    loennsperiode_get,
    loennsperioder_list,
)
from integrasjoner.lonn.services import (
    loennsperiode_build_request,
    loennsperiode_close,
    loennsperiode_create,
)

TAGS = ["lonn"]
SIDE = OpenApiParameter("side", int, description="Sidenummer (1, 2, …).")


class PeriodeSerializer(serializers.ModelSerializer[Loennsperiode]):
    class Meta:
        model = Loennsperiode
        fields = [
            "id",
            "fra_dato",
            "til_dato",
            "status",
            "bygg_status",
            "fremdrift",
            "bygg_feil",
            "bygget_at",
            "lukket_at",
            "fil_sha256",
        ]


class LinjeSerializer(serializers.ModelSerializer[Loennslinje]):
    enhet_navn = serializers.CharField(source="enhet.navn", read_only=True)
    ansatt_navn = serializers.SerializerMethodField()

    class Meta:
        ref_name = "Loennslinje"  # not "Linje", which the invoice lines are called too
        model = Loennslinje
        fields = [
            "id",
            "enhet",
            "enhet_navn",
            "ansatt",
            "ansatt_navn",
            "kilde",
            "kilde_ref",
            "lonnsart",
            "dato",
            "timer",
            "pasient_id",
            "tjeneste_id",
            "korreksjon",
            "korreksjon_av",
        ]

    def get_ansatt_navn(self, obj: Loennslinje) -> str:
        return obj.ansatt.get_full_name() if obj.ansatt else ""


class PeriodeListCreateApi(ApiBase):
    class InputSerializer(serializers.Serializer[Any]):
        fra_dato = DatoField()
        til_dato = DatoField()

    @extend_schema(
        operation_id="lonn_perioder_list",
        tags=TAGS,
        summary="Kommunens lønnsperioder, nyeste først",
        parameters=[SIDE],
        responses={200: side_schema("LonnsperiodeSide", PeriodeSerializer(many=True))},
    )
    def get(self, request: Request) -> Response:
        side = side_fetch(
            loennsperioder_list(actor=request_ansatt(request)),
            nummer=side_parse(request.query_params.get("side")),
            storrelse=PERIODER_SIDE,
        )
        return side_response(request, side, PeriodeSerializer(side.items, many=True).data)

    @extend_schema(
        operation_id="lonn_periode_create",
        tags=TAGS,
        summary="Opprett en lønnsperiode",
        description=(
            "Perioden må begynne dagen etter forrige periode i kommunen og vare høyst 62 "
            "dager. Kommunen er den aktive enhetens kommune."
        ),
        request=InputSerializer,
        responses={
            201: PeriodeSerializer,
            400: OpenApiResponse(description="Ugyldige datoer (feil per felt)."),
        },
    )
    def post(self, request: Request) -> Response:
        incoming = self.InputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        periode = loennsperiode_create(actor=request_ansatt(request), **incoming.validated_data)
        return Response(PeriodeSerializer(periode).data, status=201)


class PeriodeDetailApi(ApiBase):
    @extend_schema(
        operation_id="lonn_periode_detail",
        tags=TAGS,
        summary="Én lønnsperiode (status og fremdrift for byggingen)",
        responses={200: PeriodeSerializer, 404: OpenApiResponse(description="Finnes ikke.")},
    )
    def get(self, request: Request, periode_id: uuid.UUID) -> Response:
        periode = loennsperiode_get(actor=request_ansatt(request), periode_id=periode_id)
        return Response(PeriodeSerializer(periode).data)


class PeriodeBuildApi(ApiBase):
    @extend_schema(
        operation_id="lonn_periode_build",
        tags=TAGS,
        summary="Bygg (eller bygg på nytt) en åpen periode i bakgrunnen",
        description="Svarer 202; følg `bygg_status` og `fremdrift` på perioden.",
        request=None,
        responses={
            202: PeriodeSerializer,
            400: OpenApiResponse(description="Perioden er lukket eller bygges allerede."),
        },
    )
    def post(self, request: Request, periode_id: uuid.UUID) -> Response:
        periode = loennsperiode_build_request(actor=request_ansatt(request), periode_id=periode_id)
        return Response(PeriodeSerializer(periode).data, status=202)


class PeriodeCloseApi(ApiBase):
    @extend_schema(
        operation_id="lonn_periode_close",
        tags=TAGS,
        summary="Lukk en ferdig bygget periode og send lønnsfilen til lønnssystemet",
        description=(
            "Linjene fryses, filen lagres med perioden og sendes via utboksen med en "
            "idempotensnøkkel. Forrige periode må være lukket."
        ),
        request=None,
        responses={
            200: PeriodeSerializer,
            400: OpenApiResponse(description="Ikke bygget, allerede lukket, eller forrige åpen."),
        },
    )
    def post(self, request: Request, periode_id: uuid.UUID) -> Response:
        periode = loennsperiode_close(actor=request_ansatt(request), periode_id=periode_id)
        return Response(PeriodeSerializer(periode).data)


class LinjeListApi(ApiBase):
    class FilterSerializer(serializers.Serializer[Any]):
        ansatt = serializers.UUIDField(required=False)
        enhet = serializers.UUIDField(required=False)

    @extend_schema(
        operation_id="lonn_periode_linjer",
        tags=TAGS,
        summary="Periodens linjer (side for side), eventuelt for én ansatt eller enhet",
        parameters=[
            SIDE,
            OpenApiParameter("ansatt", OpenApiTypes.UUID),
            OpenApiParameter("enhet", OpenApiTypes.UUID),
        ],
        responses={200: side_schema("LonnslinjeSide", LinjeSerializer(many=True))},
    )
    def get(self, request: Request, periode_id: uuid.UUID) -> Response:
        valg = self.FilterSerializer(data=request.query_params)
        valg.is_valid(raise_exception=True)
        _, side = loennslinjer_side(
            actor=request_ansatt(request),
            periode_id=periode_id,
            nummer=side_parse(request.query_params.get("side")),
            storrelse=LINJER_SIDE,
            ansatt_id=valg.validated_data.get("ansatt"),
            enhet_id=valg.validated_data.get("enhet"),
        )
        return side_response(request, side, LinjeSerializer(side.items, many=True).data)


class CsvRenderer(BaseRenderer):
    """Lets a client ask for `Accept: text/csv`; errors still come as JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Any = None,
    ) -> bytes:
        return JSONRenderer().render(data)


class FilApi(ApiBase):
    renderer_classes = [JSONRenderer, CsvRenderer]

    @extend_schema(
        operation_id="lonn_periode_fil",
        tags=TAGS,
        summary="Lønnsfilen (CSV); for en åpen periode et utkast fra dagens linjer",
        description=(
            "UTF-8, semikolon, CRLF, overskriftslinje; kolonnene er beskrevet på "
            "periodens side og i integrasjoner/lonn/lib/csvfil.py."
        ),
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request: Request, periode_id: uuid.UUID) -> HttpResponse:
        lonnsfil = loennsfil_get(actor=request_ansatt(request), periode_id=periode_id)
        response = HttpResponse(lonnsfil.innhold, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{lonnsfil.filnavn}"'
        return response
