"""Health-station API: growth measurements on the WHO reference, and registering one."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoField
from core.api.pagination import side_parse, side_response, side_schema
from core.decorators import request_ansatt
from tjenester.helsestasjon.lib.vekst import Maaletype
from tjenester.helsestasjon.models import Maalemetode, Vekstmaaling
from tjenester.helsestasjon.selectors import Vekstoversikt, vekst_get
from tjenester.helsestasjon.services import VekstmaalingData, vekstmaaling_register


class VekstmaalingSerializer(serializers.ModelSerializer[Vekstmaaling]):
    class Meta:
        model = Vekstmaaling
        fields = [
            "id",
            "pasient",
            "dato",
            "vekt_g",
            "lengde_mm",
            "hodeomkrets_mm",
            "maalemetode",
            "maalt_av",
            "merknad",
        ]


PUNKT = inline_serializer(
    "Vekstpunkt",
    {
        "sds": serializers.FloatField(allow_null=True),
        "persentil": serializers.FloatField(allow_null=True),
        "alder_dager": serializers.IntegerField(),
        "korrigert": serializers.BooleanField(),
    },
    allow_null=True,
)
RAD = inline_serializer(
    "VekstmaalingRad",
    {
        "maaling": VekstmaalingSerializer(),
        "vekt": PUNKT,
        "lengde": PUNKT,
        "hodeomkrets": PUNKT,
    },
    many=True,
)


def _rad(oversikt: Vekstoversikt, maaling: Vekstmaaling) -> dict[str, Any]:
    punkter = oversikt.punkter_for(maaling)
    rad: dict[str, Any] = {"maaling": VekstmaalingSerializer(maaling).data}
    for maaletype in Maaletype:
        p = punkter.get(maaletype)
        rad[maaletype.value] = (
            None
            if p is None
            else {
                "sds": None if p.sds is None else round(p.sds, 2),
                "persentil": None if p.persentil is None else round(p.persentil, 1),
                "alder_dager": p.alder.dager,
                "korrigert": p.alder.korrigert,
            }
        )
    return rad


class VekstListApi(ApiBase):
    """The child's growth measurements (newest first, paged) with SD score and centile on
    the WHO Child Growth Standards, at corrected age for a child born preterm, and the
    flags (two major centile lines crossed, below the 2.3rd centile). Audited."""

    @extend_schema(
        responses={
            200: side_schema("VekstSide", RAD),
        }
    )
    def get(self, request: Request, pasient_id: uuid.UUID) -> Response:
        oversikt = vekst_get(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            side=side_parse(request.query_params.get("side")),
        )
        response = side_response(
            request, oversikt.side, [_rad(oversikt, m) for m in oversikt.side.items]
        )
        response.data["flagg"] = [{"kode": f.kode, "tekst": str(f.tekst)} for f in oversikt.flagg]
        return response


class VekstmaalingRegisterApi(ApiBase):
    """Register a growth measurement (weight in grams, lengths in millimetres). Impossible
    values, a date before birth and a length shrinking more than 2 cm without a confirmed
    remark are refused with a Norwegian message. Audited."""

    class InputSerializer(serializers.Serializer[Any]):
        dato = DatoField()
        vekt_g = serializers.IntegerField(required=False, allow_null=True, min_value=0)
        lengde_mm = serializers.IntegerField(required=False, allow_null=True, min_value=0)
        hodeomkrets_mm = serializers.IntegerField(required=False, allow_null=True, min_value=0)
        maalemetode = serializers.ChoiceField(
            choices=Maalemetode.values, required=False, allow_blank=True
        )
        merknad = serializers.CharField(required=False, allow_blank=True, max_length=500)
        bekreft_avvik = serializers.BooleanField(required=False, default=False)

    @extend_schema(request=InputSerializer, responses={201: VekstmaalingSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        maaling = vekstmaaling_register(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            data=VekstmaalingData(
                dato=v["dato"],
                vekt_g=v.get("vekt_g"),
                lengde_mm=v.get("lengde_mm"),
                hodeomkrets_mm=v.get("hodeomkrets_mm"),
                maalemetode=v.get("maalemetode", ""),
                merknad=v.get("merknad", ""),
                bekreft_avvik=v.get("bekreft_avvik", False),
            ),
        )
        return Response(VekstmaalingSerializer(maaling).data, status=status.HTTP_201_CREATED)
