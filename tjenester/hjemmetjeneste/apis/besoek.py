"""Home-care API: the district day list, one visit, check-in/out, ticking tasks and route
optimisation. The same selectors and services as the pages, so the same access rules."""

from __future__ import annotations

import uuid

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.decorators import request_ansatt
from tjenester.hjemmetjeneste import selectors, services
from tjenester.hjemmetjeneste.models import Besoek, Besoeksoppgave


class OppgaveSerializer(serializers.ModelSerializer[Besoeksoppgave]):
    class Meta:
        model = Besoeksoppgave
        fields = ["id", "tiltak_id", "tekst", "tidspunkt", "utfort", "grunn", "registrert_at"]


class BesoekSerializer(serializers.ModelSerializer[Besoek]):
    """A visit; `pasient_navn` and the task counts as on the day list."""

    pasient_navn = serializers.CharField(source="pasient.fullt_navn")
    ansatt_navn = serializers.SerializerMethodField()
    varslet = serializers.SerializerMethodField()

    class Meta:
        model = Besoek
        fields = [
            "id",
            "pasient",
            "pasient_navn",
            "enhet",
            "dato",
            "fra_tid",
            "til_tid",
            "varighet_min",
            "status",
            "ansatt",
            "ansatt_navn",
            "rekkefolge",
            "innsjekk_at",
            "utsjekk_at",
            "faktisk_min",
            "varslet",
        ]

    def get_ansatt_navn(self, obj: Besoek) -> str:
        return str(obj.ansatt) if obj.ansatt else ""

    def get_varslet(self, obj: Besoek) -> bool:
        """True when the window ended without a check-in (late or missed)."""
        return obj.varslet_at is not None


class BesoekDetailApi(ApiBase):
    """One visit with its tasks (same 404 for missing and not allowed). Audited."""

    class OutputSerializer(BesoekSerializer):
        oppgaver = OppgaveSerializer(many=True)

        class Meta(BesoekSerializer.Meta):
            fields = [*BesoekSerializer.Meta.fields, "oppgaver"]

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request, besok_id: uuid.UUID) -> Response:
        besok = selectors.besoek_get(actor=request_ansatt(request), besok_id=besok_id)
        return Response(self.OutputSerializer(besok).data)


class BesoekSjekkInnApi(ApiBase):
    """Check in on a planned visit (REGISTER_VISIT). 400 if already started. Audited."""

    @extend_schema(request=None, responses=BesoekSerializer)
    def post(self, request: Request, besok_id: uuid.UUID) -> Response:
        besok = services.besoek_check_in(actor=request_ansatt(request), besok_id=besok_id)
        return Response(BesoekSerializer(besok).data)


class BesoekSjekkUtApi(ApiBase):
    """Check out: the visit is done, with its actual minutes. Audited."""

    @extend_schema(request=None, responses=BesoekSerializer)
    def post(self, request: Request, besok_id: uuid.UUID) -> Response:
        besok = services.besoek_check_out(actor=request_ansatt(request), besok_id=besok_id)
        return Response(BesoekSerializer(besok).data)
