"""Home-care API: ticking a task of a visit."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.decorators import request_ansatt
from tjenester.hjemmetjeneste import services
from tjenester.hjemmetjeneste.apis.besoek import OppgaveSerializer


class OppgaveRegistrerApi(ApiBase):
    """Tick a task as done, or not done with a reason (400 without one). Audited."""

    class InputSerializer(serializers.Serializer[Any]):
        utfort = serializers.BooleanField()
        grunn = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses=OppgaveSerializer)
    def post(self, request: Request, besok_id: uuid.UUID, oppgave_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        oppgave = services.oppgave_register(
            actor=request_ansatt(request),
            besok_id=besok_id,
            oppgave_id=oppgave_id,
            **data.validated_data,
        )
        return Response(OppgaveSerializer(oppgave).data)
