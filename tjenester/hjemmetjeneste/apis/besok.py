"""Home-care API: the district day list, one visit, check-in/out, ticking tasks and route
optimisation. The same selectors and services as the pages, so the same access rules."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.decorators import request_ansatt
from tjenester.hjemmetjeneste import selectors, services
from tjenester.hjemmetjeneste.models import Besok, Besoksoppgave


class OppgaveSerializer(serializers.ModelSerializer[Besoksoppgave]):
    class Meta:
        model = Besoksoppgave
        fields = ["id", "tiltak_id", "tekst", "tidspunkt", "utfort", "grunn", "registrert_at"]


class BesokSerializer(serializers.ModelSerializer[Besok]):
    """A visit; `pasient_navn` and the task counts as on the day list."""

    pasient_navn = serializers.CharField(source="pasient.fullt_navn")
    ansatt_navn = serializers.SerializerMethodField()
    varslet = serializers.SerializerMethodField()

    class Meta:
        model = Besok
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

    def get_ansatt_navn(self, obj: Besok) -> str:
        return str(obj.ansatt) if obj.ansatt else ""

    def get_varslet(self, obj: Besok) -> bool:
        """True when the window ended without a check-in (late or missed)."""
        return obj.varslet_at is not None


class DagslisteradSerializer(serializers.Serializer[Any]):
    besok = BesokSerializer()
    adresse = serializers.CharField()
    antall_oppgaver = serializers.IntegerField(source="besok.antall_oppgaver")
    beregnet_start = serializers.CharField(source="beregnet_start_tekst")
    konflikt = serializers.BooleanField()
    ufordelt = serializers.BooleanField()


class DagslisteApi(ApiBase):
    """The acting district's day list: one list per member of staff in route order (and the
    unassigned visits), with computed starts and the visits that overlap (konflikt).
    `enhet`, if given, must be the acting unit (X-Enhet); otherwise 404. Audited."""

    class FilterSerializer(serializers.Serializer[Any]):
        enhet = serializers.UUIDField(required=False, default=None)
        dato = serializers.DateField(required=False, default=None)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "enhet", OpenApiTypes.UUID, description="Distriktet (handlende enhet)"
            ),
            OpenApiParameter("dato", OpenApiTypes.DATE, description="Dagen (standard: i dag)"),
        ],
        responses=serializers.DictField(),
    )
    def get(self, request: Request) -> Response:
        filter_ = self.FilterSerializer(data=request.query_params)
        filter_.is_valid(raise_exception=True)
        dato: dt.date = filter_.validated_data["dato"] or timezone.localdate()
        liste = selectors.dagsliste_get(
            actor=request_ansatt(request), dato=dato, enhet_id=filter_.validated_data["enhet"]
        )
        return Response(
            {
                "enhet": str(liste.enhet.pk),
                "dato": dato.isoformat(),
                "antall": liste.antall,
                "ufordelte": liste.ufordelte,
                "konflikter": liste.konflikter,
                "lister": [
                    {
                        "ansatt": str(al.ansatt.pk) if al.ansatt else None,
                        "ansatt_navn": str(al.ansatt) if al.ansatt else "",
                        "besok": DagslisteradSerializer(al.rader, many=True).data,
                    }
                    for al in liste.lister
                ],
            }
        )


class BesokDetailApi(ApiBase):
    """One visit with its tasks (same 404 for missing and not allowed). Audited."""

    class OutputSerializer(BesokSerializer):
        oppgaver = OppgaveSerializer(many=True)

        class Meta(BesokSerializer.Meta):
            fields = [*BesokSerializer.Meta.fields, "oppgaver"]

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request, besok_id: uuid.UUID) -> Response:
        besok = selectors.besok_get(actor=request_ansatt(request), besok_id=besok_id)
        return Response(self.OutputSerializer(besok).data)


class BesokSjekkInnApi(ApiBase):
    """Check in on a planned visit (REGISTER_VISIT). 400 if already started. Audited."""

    @extend_schema(request=None, responses=BesokSerializer)
    def post(self, request: Request, besok_id: uuid.UUID) -> Response:
        besok = services.besok_sjekk_inn(actor=request_ansatt(request), besok_id=besok_id)
        return Response(BesokSerializer(besok).data)


class BesokSjekkUtApi(ApiBase):
    """Check out: the visit is done, with its actual minutes. Audited."""

    @extend_schema(request=None, responses=BesokSerializer)
    def post(self, request: Request, besok_id: uuid.UUID) -> Response:
        besok = services.besok_sjekk_ut(actor=request_ansatt(request), besok_id=besok_id)
        return Response(BesokSerializer(besok).data)


class OppgaveRegistrerApi(ApiBase):
    """Tick a task as done, or not done with a reason (400 without one). Audited."""

    class InputSerializer(serializers.Serializer[Any]):
        utfort = serializers.BooleanField()
        grunn = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses=OppgaveSerializer)
    def post(self, request: Request, besok_id: uuid.UUID, oppgave_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        oppgave = services.oppgave_registrer(
            actor=request_ansatt(request),
            besok_id=besok_id,
            oppgave_id=oppgave_id,
            **data.validated_data,
        )
        return Response(OppgaveSerializer(oppgave).data)


class DagslisteOptimaliserApi(ApiBase):
    """Compute the acting district's routes for a day (PLAN right). With `fordel` the
    planned visits are split among the staff on shift; without, each list is re-ordered."""

    class InputSerializer(serializers.Serializer[Any]):
        dato = serializers.DateField()
        fordel = serializers.BooleanField(default=True)

    class OutputSerializer(serializers.Serializer[Any]):
        besok = serializers.IntegerField()
        ansatte = serializers.IntegerField()
        forsinkelse_min = serializers.FloatField()
        reisetid_min = serializers.FloatField()
        reisetid_for_min = serializers.FloatField()

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.dagsliste_optimaliser(
            actor=request_ansatt(request), **data.validated_data
        )
        return Response(self.OutputSerializer(result).data)
