"""Health-station API: the nurse's weekly worklist (paged)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.pagination import side_parse, side_response, side_schema
from core.decorators import request_ansatt
from tjenester.helsestasjon import selectors
from tjenester.helsestasjon.selectors import ArbeidslisteRad


class AktuellSerializer(serializers.Serializer[Any]):
    kode = serializers.CharField()
    navn = serializers.CharField()
    forfall = serializers.DateField()
    status = serializers.CharField()


class ArbeidslisteApi(ApiBase):
    """This week's worklist at the acting station: the actor's children (`alle=1`: all
    the station's), overdue first. Audited per child shown."""

    class OutputSerializer(serializers.Serializer[ArbeidslisteRad]):
        pasient = serializers.UUIDField(source="innskrivning.pasient_id")
        pasient_navn = serializers.CharField(source="innskrivning.pasient.fullt_navn")
        fodselsdato = serializers.DateField(source="innskrivning.pasient.fodselsdato")
        forfalt = serializers.BooleanField()
        konsultasjoner = serializers.SerializerMethodField()
        vaksiner = serializers.SerializerMethodField()

        def get_konsultasjoner(self, rad: ArbeidslisteRad) -> list[dict[str, Any]]:
            return [
                {"kode": p.kode, "navn": p.navn, "forfall": s.forfall, "status": s.status}
                for p, s in rad.punkter
            ]

        def get_vaksiner(self, rad: ArbeidslisteRad) -> list[dict[str, Any]]:
            return [
                {
                    "kode": d.kode,
                    "navn": f"{d.vaksine} dose {d.dose_nr}",
                    "forfall": s.forfall,
                    "status": s.status,
                }
                for d, s in rad.doser
            ]

    @extend_schema(
        parameters=[
            OpenApiParameter("alle", str, description="1: alle barn på helsestasjonen"),
            OpenApiParameter("side", int),
        ],
        responses=side_schema("Arbeidsliste", OutputSerializer()),
    )
    def get(self, request: Request) -> Response:
        liste = selectors.arbeidsliste_list(
            actor=request_ansatt(request),
            bare_mine=request.query_params.get("alle") != "1",
            side=side_parse(request.query_params.get("side")),
        )
        return side_response(
            request,
            liste.side,
            self.OutputSerializer(list(liste.side.items), many=True).data,  # type: ignore[arg-type]
        )
