"""API for vital signs: the patient's measurements (paged) and registration with NEWS2."""

from __future__ import annotations

import uuid
from typing import Any

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
from core.api.fields import DatoField, DatoTidField
from core.api.pagination import side_parse, side_response
from core.decorators import request_ansatt
from journal.models import Bevissthet, Maaling
from journal.selectors import Maalingsrad, maalinger_for_pasient
from journal.services import MaalingData, maaling_create, maaling_invalidate


class MaalingSerializer(serializers.ModelSerializer[Maaling]):
    """One measurement as the API shows it; `news2` is null when a parameter is missing or
    when NEWS2 is not valid for the patient (`news2_unntak`: "barn" under 16, "gravid")."""

    temperatur = serializers.DecimalField(
        max_digits=3, decimal_places=1, coerce_to_string=False, allow_null=True
    )
    vekt = serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False, allow_null=True
    )
    blodsukker = serializers.DecimalField(
        max_digits=4, decimal_places=1, coerce_to_string=False, allow_null=True
    )
    news2_tiltak = serializers.SerializerMethodField()
    news2_melding = serializers.SerializerMethodField()
    feilregistrert = serializers.SerializerMethodField()
    registrert_av = serializers.SerializerMethodField()

    class Meta:
        model = Maaling
        fields = [
            "id",
            "tidspunkt",
            "systolisk",
            "diastolisk",
            "puls",
            "respirasjon",
            "spo2",
            "spo2_skala",
            "oksygen",
            "temperatur",
            "bevissthet",
            "vekt",
            "blodsukker",
            "news2",
            "news2_niva",
            "news2_unntak",
            "news2_tiltak",
            "news2_melding",
            "enhet",
            "registrert_av",
            "feilregistrert",
            "feilregistrert_at",
            "feilregistrert_grunn",
        ]

    def get_news2_tiltak(self, obj: Maaling) -> str:
        """The clinical response for the NEWS2 level ("" without a score)."""
        return Maalingsrad(obj).news2_tiltak

    def get_news2_melding(self, obj: Maaling) -> str:
        """Why there is no NEWS2 ("NEWS2 kan ikke beregnes: mangler …"), or ""."""
        return Maalingsrad(obj).news2_melding

    def get_feilregistrert(self, obj: Maaling) -> bool:
        return obj.feilregistrert_at is not None

    def get_registrert_av(self, obj: Maaling) -> str:
        return obj.registrert_av.get_full_name() or obj.registrert_av.username


class MaalingCollectionApi(ApiBase):
    """GET lists the patient's measurements (newest first, paged); POST registers one.

    Both check access to the patient (the same 404 for missing and not allowed) and are
    audited. Physiologically impossible values give 400 with a Norwegian message per field.
    """

    class FilterSerializer(serializers.Serializer[Any]):
        fra = DatoField(required=False, default=None)
        til = DatoField(required=False, default=None)

    class InputSerializer(serializers.Serializer[Any]):
        tidspunkt = DatoTidField(required=False, allow_null=True, default=None)
        systolisk = serializers.IntegerField(required=False, allow_null=True, default=None)
        diastolisk = serializers.IntegerField(required=False, allow_null=True, default=None)
        puls = serializers.IntegerField(required=False, allow_null=True, default=None)
        respirasjon = serializers.IntegerField(required=False, allow_null=True, default=None)
        spo2 = serializers.IntegerField(required=False, allow_null=True, default=None)
        spo2_skala = serializers.ChoiceField(choices=[(1, "1"), (2, "2")], default=1)
        oksygen = serializers.BooleanField(required=False, allow_null=True, default=None)
        temperatur = serializers.DecimalField(
            max_digits=None, decimal_places=None, required=False, allow_null=True, default=None
        )
        bevissthet = serializers.ChoiceField(
            choices=Bevissthet.choices, required=False, allow_blank=True, default=""
        )
        vekt = serializers.DecimalField(
            max_digits=None, decimal_places=None, required=False, allow_null=True, default=None
        )
        blodsukker = serializers.DecimalField(
            max_digits=None, decimal_places=None, required=False, allow_null=True, default=None
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("fra", OpenApiTypes.DATE, description="Fra og med dato"),
            OpenApiParameter("til", OpenApiTypes.DATE, description="Til og med dato"),
            OpenApiParameter("side", int),
        ],
        responses=inline_serializer(
            "MalingSide",
            {
                "side": serializers.IntegerField(),
                "neste": serializers.URLField(allow_null=True),
                "forrige": serializers.URLField(allow_null=True),
                "resultater": MaalingSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request, pasient_id: uuid.UUID) -> Response:
        filter_ = self.FilterSerializer(data=request.query_params)
        filter_.is_valid(raise_exception=True)
        oversikt = maalinger_for_pasient(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            side=side_parse(request.query_params.get("side")),
            **filter_.validated_data,
        )
        data = MaalingSerializer(oversikt.side.items, many=True).data
        return side_response(request, oversikt.side, data)

    @extend_schema(
        request=InputSerializer,
        responses={
            201: MaalingSerializer,
            400: OpenApiResponse(description="Umulige eller manglende verdier, per felt"),
        },
    )
    def post(self, request: Request, pasient_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        maling = maaling_create(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            data=MaalingData(**data.validated_data),
        )
        return Response(MaalingSerializer(maling).data, status=201)


class MaalingFeilregistrerApi(ApiBase):
    """Mark a measurement as entered in error (kept, but out of the trends). Audited."""

    class InputSerializer(serializers.Serializer[Any]):
        grunn = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: MaalingSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID, maling_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        maling = maaling_invalidate(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            maling_id=maling_id,
            grunn=data.validated_data["grunn"],
        )
        return Response(MaalingSerializer(maling).data)
