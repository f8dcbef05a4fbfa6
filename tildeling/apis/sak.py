"""API for tildeling: applications and the cases they open.

Staff only for now (a person acting in an allocation office with HANDLE_CASE). The
citizen channel (helsenorge / ID-porten) will post to the same POST /soknader/ with the
patient taken from the login instead of a fødselsnummer in the body; see docs/tildeling.md.
"""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoField
from core.api.pagination import side_parse, side_response, side_schema
from core.decorators import request_ansatt
from tildeling.models import Kanal, Sak, SakStatus, Soeker, Soeknad
from tildeling.models.sak import BESKRIVELSE_MAKS
from tildeling.selectors.sak import arbeidsliste, sak_get, soeknader_list
from tildeling.services.sak import SoeknadData, soeknad_create


class SoeknadTjenesteSerializer(serializers.Serializer[Any]):
    tjenestetype_id = serializers.UUIDField()
    kode = serializers.CharField(source="tjenestetype.kode", read_only=True)
    navn = serializers.CharField(source="tjenestetype.navn", read_only=True)
    onsket_omfang = serializers.CharField(required=False, allow_blank=True, default="")


class SoeknadSerializer(serializers.ModelSerializer[Soeknad]):
    tjenester = SoeknadTjenesteSerializer(many=True, read_only=True)
    sak_id = serializers.UUIDField(source="sak.pk", read_only=True)

    class Meta:
        model = Soeknad
        fields = [
            "id",
            "pasient",
            "enhet",
            "mottatt_dato",
            "kanal",
            "soker",
            "representant_navn",
            "representant_relasjon",
            "beskrivelse",
            "tjenester",
            "sak_id",
        ]


class SakSerializer(serializers.ModelSerializer[Sak]):
    pasient_navn = serializers.CharField(source="pasient.fullt_navn")
    tjenester = serializers.SerializerMethodField()

    class Meta:
        model = Sak
        fields = [
            "id",
            "pasient",
            "pasient_navn",
            "enhet",
            "status",
            "mottatt_dato",
            "frist",
            "vedtatt_dato",
            "saksbehandler",
            "tjenester",
        ]

    def get_tjenester(self, obj: Sak) -> list[str]:
        """IPLOS 9151 codes of the services applied for."""
        return [t.tjenestetype.kode for t in obj.soknad.tjenester.all()]


class SoeknadCollectionApi(ApiBase):
    """GET: the office's applications (newest first, paged). POST: register an application
    (staff); it opens a case with a deadline and the office's care relationship. An open
    case for the same patient and service gives 400 (duplicate) with `sak_id`."""

    class InputSerializer(serializers.Serializer[Any]):
        identifikator = serializers.CharField(required=False, allow_blank=True, default="")
        pasient_id = serializers.UUIDField(required=False, allow_null=True, default=None)
        mottatt_dato = DatoField()
        kanal = serializers.ChoiceField(choices=Kanal.choices, default=Kanal.DIGITAL)
        soker = serializers.ChoiceField(choices=Soeker.choices, default=Soeker.PASIENT)
        representant_navn = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=200
        )
        representant_relasjon = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=100
        )
        beskrivelse = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=BESKRIVELSE_MAKS
        )
        tjenester = SoeknadTjenesteSerializer(many=True)

    @extend_schema(
        parameters=[OpenApiParameter("side", int)],
        responses=side_schema("SoknadSide", SoeknadSerializer(many=True)),
    )
    def get(self, request: Request) -> Response:
        side = soeknader_list(
            actor=request_ansatt(request), side=side_parse(request.query_params.get("side"))
        )
        return side_response(request, side, SoeknadSerializer(side.items, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={
            201: SakSerializer,
            400: OpenApiResponse(description="Ugyldig søknad eller åpen sak om samme tjeneste"),
        },
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        tjenester = [(t["tjenestetype_id"], t["onsket_omfang"]) for t in values.pop("tjenester")]
        sak = soeknad_create(
            actor=request_ansatt(request), data=SoeknadData(tjenester=tjenester, **values)
        )
        return Response(SakSerializer(sak).data, status=201)


class SakListApi(ApiBase):
    """The office's cases by deadline (open ones unless `status`); `mine=true` for one's own."""

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=SakStatus.values),
            OpenApiParameter("mine", bool),
            OpenApiParameter("side", int),
        ],
        responses=side_schema("SakSide", SakSerializer(many=True)),
    )
    def get(self, request: Request) -> Response:
        status = request.query_params.get("status", "")
        side = arbeidsliste(
            actor=request_ansatt(request),
            mine=request.query_params.get("mine") == "true",
            status=status if status in SakStatus.values else "",
            side=side_parse(request.query_params.get("side")),
        )
        data = SakSerializer(side.side.items, many=True).data
        return side_response(request, side.side, data)


class SakDetailApi(ApiBase):
    """One case (audited); 404 for missing and not the office's alike."""

    @extend_schema(responses=SakSerializer)
    def get(self, request: Request, sak_id: uuid.UUID) -> Response:
        visning = sak_get(actor=request_ansatt(request), sak_id=sak_id)
        return Response(SakSerializer(visning.sak).data)
