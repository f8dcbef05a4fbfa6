"""Home-care API: the district day list and route optimisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoField
from core.decorators import request_ansatt
from core.klokke import idag
from tjenester.hjemmetjeneste import selectors, services
from tjenester.hjemmetjeneste.apis.besoek import BesoekSerializer


class DagslisteradSerializer(serializers.Serializer[Any]):
    besok = BesoekSerializer()
    adresse = serializers.CharField()
    antall_oppgaver = serializers.IntegerField(source="besok.antall_oppgaver")
    beregnet_start = serializers.CharField(source="beregnet_start_tekst")
    konflikt = serializers.BooleanField()
    ufordelt = serializers.BooleanField()


_DATOTID = serializers.DateTimeField()


def _datotid(value: dt.datetime | None) -> str | None:
    return None if value is None else _DATOTID.to_representation(value)


def dagsliste_rad(rad: selectors.Dagslisterad) -> dict[str, Any]:
    """One row as DagslisteradSerializer writes it, built directly (300 rows through the
    nested model serializer cost more than the rest of the request; the serializer stays
    for the schema, and a test holds the two to the same output)."""
    b = rad.besok
    return {
        "besok": {
            "id": str(b.pk),
            "pasient": b.pasient_id,
            "pasient_navn": b.pasient.fullt_navn,
            "enhet": b.enhet_id,
            "dato": b.dato.isoformat(),
            "fra_tid": b.fra_tid.isoformat(),
            "til_tid": b.til_tid.isoformat(),
            "varighet_min": b.varighet_min,
            "status": b.status,
            "ansatt": b.ansatt_id,
            "ansatt_navn": str(b.ansatt) if b.ansatt else "",
            "rekkefolge": b.rekkefolge,
            "innsjekk_at": _datotid(b.innsjekk_at),
            "utsjekk_at": _datotid(b.utsjekk_at),
            "faktisk_min": b.faktisk_min,
            "varslet": b.varslet_at is not None,
        },
        "adresse": rad.adresse,
        "antall_oppgaver": b.antall_oppgaver,  # type: ignore[attr-defined]
        "beregnet_start": rad.beregnet_start_tekst,
        "konflikt": rad.konflikt,
        "ufordelt": rad.ufordelt,
    }


class DagslisteApi(ApiBase):
    """The acting district's day list: one list per member of staff in route order (and the
    unassigned visits), with computed starts and the visits that overlap (konflikt).
    `enhet`, if given, must be the acting unit (X-Enhet); otherwise 404. Audited."""

    class FilterSerializer(serializers.Serializer[Any]):
        enhet = serializers.UUIDField(required=False, default=None)
        dato = DatoField(required=False, default=None)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "enhet", OpenApiTypes.UUID, description="Distriktet (handlende enhet)"
            ),
            OpenApiParameter("dato", OpenApiTypes.DATE, description="Dagen (standard: i dag)"),
        ],
        responses=inline_serializer(
            "Dagsliste",
            {
                "enhet": serializers.UUIDField(),
                "dato": serializers.DateField(),
                "antall": serializers.IntegerField(),
                "ufordelte": serializers.IntegerField(),
                "konflikter": serializers.IntegerField(),
                "lister": inline_serializer(
                    "DagslisteAnsatt",
                    {
                        "ansatt": serializers.UUIDField(allow_null=True),
                        "ansatt_navn": serializers.CharField(allow_blank=True),
                        "besok": DagslisteradSerializer(many=True),
                    },
                    many=True,
                ),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        filter_ = self.FilterSerializer(data=request.query_params)
        filter_.is_valid(raise_exception=True)
        dato: dt.date = filter_.validated_data["dato"] or idag()
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
                        "besok": [dagsliste_rad(r) for r in al.rader],
                    }
                    for al in liste.lister
                ],
            }
        )


class DagslisteOptimaliserApi(ApiBase):
    """Compute the acting district's routes for a day (PLAN right). With `fordel` the
    planned visits are split among the staff on shift; without, each list is re-ordered."""

    class InputSerializer(serializers.Serializer[Any]):
        dato = DatoField()
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
        result = services.dagsliste_optimise(actor=request_ansatt(request), **data.validated_data)
        return Response(self.OutputSerializer(result).data)
