"""API for tildeling: applications, cases, decisions (with the letter) and appeals.

Staff only for now (a person acting in an allocation office with HANDLE_CASE). The
citizen channel (helsenorge / ID-porten) will post to the same POST /soknader/ with the
patient taken from the login instead of a fødselsnummer in the body; see docs/tildeling.md.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.pagination import side_parse, side_response
from core.decorators import request_ansatt
from tildeling.models import Kanal, Klage, Sak, SakStatus, Soker, Soknad, Vedtak, VedtakStatus
from tildeling.selectors.sak import arbeidsliste, sak_get, soknader_list
from tildeling.selectors.vedtak import klager_list, vedtak_get, vedtak_list
from tildeling.services.brev import vedtaksbrev_download
from tildeling.services.klage import klage_register
from tildeling.services.sak import SoknadData, soknad_create


class SoknadTjenesteSerializer(serializers.Serializer[Any]):
    tjenestetype_id = serializers.UUIDField()
    kode = serializers.CharField(source="tjenestetype.kode", read_only=True)
    navn = serializers.CharField(source="tjenestetype.navn", read_only=True)
    onsket_omfang = serializers.CharField(required=False, allow_blank=True, default="")


class SoknadSerializer(serializers.ModelSerializer[Soknad]):
    tjenester = SoknadTjenesteSerializer(many=True, read_only=True)
    sak_id = serializers.UUIDField(source="sak.pk", read_only=True)

    class Meta:
        model = Soknad
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


class VedtakSerializer(serializers.ModelSerializer[Vedtak]):
    tjenestetype_kode = serializers.CharField(source="tjenestetype.kode")
    tjenestetype_navn = serializers.CharField(source="tjenestetype.navn")
    omfang = serializers.DecimalField(
        max_digits=7, decimal_places=2, coerce_to_string=False, allow_null=True
    )

    class Meta:
        model = Vedtak
        fields = [
            "id",
            "pasient",
            "sak",
            "tjenestetype_kode",
            "tjenestetype_navn",
            "utfall",
            "omfang",
            "omfang_enhet",
            "fra_dato",
            "til_dato",
            "revurdering_dato",
            "begrunnelse",
            "lovgrunnlag",
            "egenandel",
            "egenandel_grunnlag",
            "utforende_enhet",
            "status",
            "vedtaksdato",
            "fattet_av",
            "godkjent_av",
            "brev_sendt_dato",
            "erstatter",
            "avsluttet_dato",
            "avslutning",
        ]


class KlageSerializer(serializers.ModelSerializer[Klage]):
    class Meta:
        model = Klage
        fields = [
            "id",
            "pasient",
            "vedtak",
            "mottatt_dato",
            "frist_dato",
            "for_sent",
            "anforsler",
            "status",
            "kommune_utfall",
            "vurdering",
            "vurdert_dato",
            "oversendt_dato",
            "statsforvalter_utfall",
            "statsforvalter_dato",
        ]


def _side_schema(name: str, item: serializers.BaseSerializer[Any]) -> Any:
    return inline_serializer(
        name,
        {
            "side": serializers.IntegerField(),
            "neste": serializers.URLField(allow_null=True),
            "forrige": serializers.URLField(allow_null=True),
            "resultater": item,
        },
    )


class SoknadCollectionApi(ApiBase):
    """GET: the office's applications (newest first, paged). POST: register an application
    (staff); it opens a case with a deadline and the office's care relationship. An open
    case for the same patient and service gives 400 (duplicate) with `sak_id`."""

    class InputSerializer(serializers.Serializer[Any]):
        identifikator = serializers.CharField(required=False, allow_blank=True, default="")
        pasient_id = serializers.UUIDField(required=False, allow_null=True, default=None)
        mottatt_dato = serializers.DateField()
        kanal = serializers.ChoiceField(choices=Kanal.choices, default=Kanal.DIGITAL)
        soker = serializers.ChoiceField(choices=Soker.choices, default=Soker.PASIENT)
        representant_navn = serializers.CharField(required=False, allow_blank=True, default="")
        representant_relasjon = serializers.CharField(required=False, allow_blank=True, default="")
        beskrivelse = serializers.CharField(required=False, allow_blank=True, default="")
        tjenester = SoknadTjenesteSerializer(many=True)

    @extend_schema(
        parameters=[OpenApiParameter("side", int)],
        responses=_side_schema("SoknadSide", SoknadSerializer(many=True)),
    )
    def get(self, request: Request) -> Response:
        side = soknader_list(
            actor=request_ansatt(request), side=side_parse(request.query_params.get("side"))
        )
        return side_response(request, side, SoknadSerializer(side.items, many=True).data)

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
        sak = soknad_create(
            actor=request_ansatt(request), data=SoknadData(tjenester=tjenester, **values)
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
        responses=_side_schema("SakSide", SakSerializer(many=True)),
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


class VedtakListApi(ApiBase):
    """The office's decisions (newest first), optionally for one patient or status."""

    class FilterSerializer(serializers.Serializer[Any]):
        pasient = serializers.UUIDField(required=False, default=None)
        status = serializers.ChoiceField(choices=VedtakStatus.choices, required=False, default="")

    @extend_schema(
        parameters=[
            OpenApiParameter("pasient", OpenApiTypes.UUID),
            OpenApiParameter("status", str, enum=VedtakStatus.values),
            OpenApiParameter("side", int),
        ],
        responses=_side_schema("VedtakSide", VedtakSerializer(many=True)),
    )
    def get(self, request: Request) -> Response:
        filter_ = self.FilterSerializer(data=request.query_params)
        filter_.is_valid(raise_exception=True)
        side = vedtak_list(
            actor=request_ansatt(request),
            pasient_id=filter_.validated_data["pasient"],
            status=filter_.validated_data["status"],
            side=side_parse(request.query_params.get("side")),
        )
        return side_response(request, side, VedtakSerializer(side.items, many=True).data)


class VedtakDetailApi(ApiBase):
    """One decision (audited)."""

    @extend_schema(responses=VedtakSerializer)
    def get(self, request: Request, vedtak_id: uuid.UUID) -> Response:
        visning = vedtak_get(actor=request_ansatt(request), vedtak_id=vedtak_id)
        return Response(VedtakSerializer(visning.vedtak).data)


class VedtaksbrevApi(ApiBase):
    """The decision letter as PDF, in the patient's målform (made and stored the first
    time; every download audited). 400 while the decision is not yet decided."""

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="Vedtaket er ikke fattet"),
        }
    )
    def get(self, request: Request, vedtak_id: uuid.UUID) -> HttpResponse:
        dokument = vedtaksbrev_download(actor=request_ansatt(request), vedtak_id=vedtak_id)
        response = HttpResponse(bytes(dokument.innhold), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{dokument.filnavn}"'
        response["Cache-Control"] = "no-store"
        return response


class KlageCollectionApi(ApiBase):
    """GET: the office's appeals. POST: register an appeal against a decision; a late
    appeal is registered with `for_sent: true` (never refused)."""

    class InputSerializer(serializers.Serializer[Any]):
        vedtak_id = serializers.UUIDField()
        mottatt_dato = serializers.DateField()
        anforsler = serializers.CharField()

    @extend_schema(
        parameters=[OpenApiParameter("side", int)],
        responses=_side_schema("KlageSide", KlageSerializer(many=True)),
    )
    def get(self, request: Request) -> Response:
        side = klager_list(
            actor=request_ansatt(request), side=side_parse(request.query_params.get("side"))
        )
        return side_response(request, side, KlageSerializer(side.items, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: KlageSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        klage = klage_register(actor=request_ansatt(request), **data.validated_data)
        return Response(KlageSerializer(klage).data, status=201)
