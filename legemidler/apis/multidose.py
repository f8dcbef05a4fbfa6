"""API of multidose: the changes of an order sent to the pharmacy and their delivery."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.decorators import request_ansatt
from legemidler import selectors as sel


class MultidoseleveringListApi(ApiBase):
    """The order's multidose changes (ny, seponert) with each delivery's status. 404 alike
    for a missing order and another unit's patient."""

    @extend_schema(
        responses=inline_serializer(
            "Multidoselevering",
            {
                "endring": serializers.CharField(),
                "sendt": serializers.DateTimeField(),
                "levert": serializers.BooleanField(),
                "leveringer": serializers.ListField(child=serializers.DictField()),
            },
            many=True,
        )
    )
    def get(self, request: Request, forordning_id: str) -> Response:
        rader = sel.multidose_leveringer(actor=request_ansatt(request), forordning_id=forordning_id)
        data: list[dict[str, Any]] = [
            {
                "endring": v.endring.endring,
                "sendt": serializers.DateTimeField().to_representation(v.endring.created_at),
                "levert": v.levert,
                "leveringer": [
                    {"mottaker": lev.mottaker, "status": lev.status, "forsok": lev.forsok}
                    for lev in v.leveringer
                ],
            }
            for v in rader
        ]
        return Response(data)
