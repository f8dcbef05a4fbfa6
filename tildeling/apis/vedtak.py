"""API for tildeling: decisions and the decision letter."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.pagination import side_parse, side_response, side_schema
from core.decorators import request_ansatt
from tildeling.models import Vedtak, VedtakStatus
from tildeling.selectors.vedtak import vedtak_get, vedtak_list
from tildeling.services.brev import vedtaksbrev_download


class VedtakSerializer(serializers.ModelSerializer[Vedtak]):
    tjenestetype_kode = serializers.CharField(source="tjenestetype.kode")
    tjenestetype_navn = serializers.CharField(source="tjenestetype.navn")
    omfang = serializers.DecimalField(
        max_digits=7, decimal_places=2, coerce_to_string=False, allow_null=True
    )

    class Meta:
        model = Vedtak
        fields = [
            "id",
            "pasient",
            "sak",
            "tjenestetype_kode",
            "tjenestetype_navn",
            "utfall",
            "omfang",
            "omfang_enhet",
            "fra_dato",
            "til_dato",
            "revurdering_dato",
            "begrunnelse",
            "lovgrunnlag",
            "egenandel",
            "egenandel_grunnlag",
            "utforende_enhet",
            "status",
            "vedtaksdato",
            "fattet_av",
            "godkjent_av",
            "brev_sendt_dato",
            "erstatter",
            "avsluttet_dato",
            "avslutning",
        ]


class VedtakListApi(ApiBase):
    """The office's decisions (newest first), optionally for one patient or status."""

    class FilterSerializer(serializers.Serializer[Any]):
        pasient = serializers.UUIDField(required=False, default=None)
        status = serializers.ChoiceField(choices=VedtakStatus.choices, required=False, default="")

    @extend_schema(
        parameters=[
            OpenApiParameter("pasient", OpenApiTypes.UUID),
            OpenApiParameter("status", str, enum=VedtakStatus.values),
            OpenApiParameter("side", int),
        ],
        responses=side_schema("VedtakSide", VedtakSerializer(many=True)),
    )
    def get(self, request: Request) -> Response:
        filter_ = self.FilterSerializer(data=request.query_params)
        filter_.is_valid(raise_exception=True)
        side = vedtak_list(
            actor=request_ansatt(request),
            pasient_id=filter_.validated_data["pasient"],
            status=filter_.validated_data["status"],
            side=side_parse(request.query_params.get("side")),
        )
        return side_response(request, side, VedtakSerializer(side.items, many=True).data)


class VedtakDetailApi(ApiBase):
    """One decision (audited)."""

    @extend_schema(responses=VedtakSerializer)
    def get(self, request: Request, vedtak_id: uuid.UUID) -> Response:
        visning = vedtak_get(actor=request_ansatt(request), vedtak_id=vedtak_id)
        return Response(VedtakSerializer(visning.vedtak).data)


class VedtaksbrevApi(ApiBase):
    """The decision letter as PDF, in the patient's målform (made and stored the first
    time; every download audited). 400 while the decision is not yet decided."""

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="Vedtaket er ikke fattet"),
        }
    )
    def get(self, request: Request, vedtak_id: uuid.UUID) -> HttpResponse:
        dokument = vedtaksbrev_download(actor=request_ansatt(request), vedtak_id=vedtak_id)
        response = HttpResponse(bytes(dokument.innhold), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{dokument.filnavn}"'
        response["Cache-Control"] = "no-store"
        return response
