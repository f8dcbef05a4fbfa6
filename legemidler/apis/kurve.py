"""API of the chart (kurve): a patient's orders and administrations per day for 7 or 14
days, with the day's vitals."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.decorators import request_ansatt
from legemidler import selectors as sel
from legemidler.apis.utdeling import DoseradSerializer, doserad_data


class KurveGetApi(ApiBase):
    """The chart of a patient from `fra` for `dager` (7 or 14) days. 404 alike for a
    missing patient and one the person may not see. Audited KURVE_READ."""

    @extend_schema(
        parameters=[
            OpenApiParameter("fra", OpenApiTypes.DATE),
            OpenApiParameter("dager", int, enum=[7, 14]),
        ],
        responses=inline_serializer(
            "Kurve",
            {
                "pasient": serializers.UUIDField(),
                "fra": serializers.DateField(),
                "dager": serializers.ListField(child=serializers.DateField()),
                "forordninger": inline_serializer(
                    "Kurverad",
                    {
                        "forordning": serializers.UUIDField(),
                        "legemiddel": serializers.CharField(),
                        "dosering": serializers.CharField(),
                        "dager": serializers.ListField(child=DoseradSerializer(many=True)),
                    },
                    many=True,
                ),
                "maalinger": serializers.ListField(
                    child=serializers.ListField(child=serializers.CharField())
                ),
            },
        ),
    )
    def get(self, request: Request, pasient_id: str) -> Response:
        fra = serializers.DateField(required=False, allow_null=True).run_validation(
            request.query_params.get("fra") or None
        )
        dager = sel.kurve_dager_parse(request.query_params.get("dager"))
        kurve = sel.kurve_get(
            actor=request_ansatt(request), pasient_id=pasient_id, fra=fra, dager=dager
        )
        rader: list[dict[str, Any]] = [
            {
                "forordning": r.forordning.pk,
                "legemiddel": r.forordning.legemiddel_navn,
                "dosering": r.forordning.dosering_tekst,
                "dager": [[doserad_data(d) for d in c] for c in r.celler],
            }
            for r in kurve.rader
        ]
        return Response(
            {
                "pasient": kurve.pasient.pk,
                "fra": kurve.fra,
                "dager": kurve.dager,
                "forordninger": rader,
                "maalinger": kurve.maalinger,
            }
        )
