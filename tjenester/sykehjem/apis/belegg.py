"""Nursing-home API: the occupancy board."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoField
from core.decorators import request_ansatt
from tjenester.sykehjem import selectors as sel


class BeleggApi(ApiBase):
    """Free, occupied and reserved beds per ward on a day (default today). Beds are listed
    for the chosen ward (or the acting unit's); residents only where access allows."""

    class WardSerializer(serializers.Serializer[Any]):
        enhet = serializers.UUIDField(source="enhet.pk")
        navn = serializers.CharField(source="enhet.navn")
        ledig = serializers.IntegerField()
        belagt = serializers.IntegerField()
        reservert = serializers.IntegerField()
        permisjon = serializers.IntegerField()
        sykehus = serializers.IntegerField()
        inaktiv = serializers.IntegerField()
        senger = serializers.SerializerMethodField()

        @extend_schema_field(
            inline_serializer(
                "Sengestatus",
                {
                    "seng": serializers.UUIDField(),
                    "rom": serializers.CharField(),
                    "navn": serializers.CharField(),
                    "type": serializers.CharField(),
                    "status": serializers.CharField(),
                    "fravar": serializers.CharField(),
                    "opphold": serializers.UUIDField(allow_null=True),
                    "pasient_navn": serializers.CharField(allow_null=True),
                },
                many=True,
            )
        )
        def get_senger(self, obj: sel.Avdelingsbelegg) -> list[dict[str, Any]]:
            return [
                {
                    "seng": str(r.seng.pk),
                    "rom": r.seng.rom.navn,
                    "navn": r.seng.navn,
                    "type": r.seng.type,
                    "status": r.status,
                    "fravar": r.fravar,
                    "opphold": str(r.opphold.pk) if r.opphold else None,
                    "pasient_navn": r.opphold.pasient.fullt_navn if r.opphold else None,
                }
                for r in obj.senger
            ]

    @extend_schema(
        parameters=[
            OpenApiParameter("enhet", OpenApiTypes.UUID),
            OpenApiParameter("dato", OpenApiTypes.DATE, description="Standard: i dag"),
        ],
        responses=inline_serializer(
            "Belegg",
            {
                "dato": DatoField(),
                "avdelinger": WardSerializer(many=True),
                "vedtak_uten_opphold": inline_serializer(
                    "VedtakUtenOpphold",
                    {
                        "tjeneste": serializers.UUIDField(),
                        "pasient": serializers.UUIDField(),
                        "pasient_navn": serializers.CharField(),
                        "enhet": serializers.UUIDField(),
                        "tjenestetype_kode": serializers.CharField(),
                        "navn": serializers.CharField(),
                        "fra_dato": DatoField(),
                        "til_dato": DatoField(allow_null=True),
                        "kilde_vedtak_id": serializers.UUIDField(allow_null=True),
                    },
                    many=True,
                ),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        oversikt = sel.belegg_get(
            actor=request_ansatt(request),
            dato=sel.belegg_dato_parse(request.query_params.get("dato")),
            enhet_id=request.query_params.get("enhet") or None,
        )
        return Response(
            {
                "dato": oversikt.dato,
                "avdelinger": self.WardSerializer(oversikt.avdelinger, many=True).data,
                "vedtak_uten_opphold": [
                    {
                        "tjeneste": t.pk,
                        "pasient": t.pasient_id,
                        "pasient_navn": t.pasient.fullt_navn,
                        "enhet": t.enhet_id,
                        "tjenestetype_kode": t.tjenestetype_kode,
                        "navn": t.navn,
                        "fra_dato": t.fra_dato,
                        "til_dato": t.til_dato,
                        "kilde_vedtak_id": t.kilde_vedtak_id,
                    }
                    for t in oversikt.vedtak_uten_opphold
                ],
            }
        )
