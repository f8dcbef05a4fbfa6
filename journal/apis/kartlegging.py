"""API for assessments (kartlegging): the forms in use, the patient's assessments (paged),
one assessment with its answers labelled, creating, saving a draft, completing and
feilregistrering. The same services and selectors as the pages, so the same access rules."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoField
from core.api.pagination import side_parse, side_response
from core.decorators import request_ansatt
from journal.models import Kartlegging, Kartleggingsskjema
from journal.selectors import (
    Kartleggingsvisning,
    kartlegging_get,
    kartlegginger_for_pasient,
    kartleggingsskjema_list,
)
from journal.services import (
    KartleggingData,
    kartlegging_complete,
    kartlegging_create,
    kartlegging_draft_save,
    kartlegging_invalidate,
)

SVAR_HJELP = (
    "Svarene som objekt: elementkode → verdi (heltall), for eksempel "
    '{"spise": 2, "toalett": 3}. Feil gis per elementkode med elementets nummer og navn.'
)


class KartleggingsskjemaSerializer(serializers.ModelSerializer[Kartleggingsskjema]):
    """A form version with its whole definition (items, allowed values, scoring rule)."""

    definisjon = serializers.JSONField()

    class Meta:
        model = Kartleggingsskjema
        fields = ["id", "kode", "navn", "versjon", "gyldig_fra", "beskrivelse", "definisjon"]


class KartleggingSerializer(serializers.ModelSerializer[Kartlegging]):
    """One assessment; `svar` maps item codes to the values chosen."""

    skjema = serializers.CharField(source="skjema.kode")
    skjema_versjon = serializers.IntegerField(source="skjema.versjon")
    skjema_navn = serializers.CharField(source="skjema.navn")
    svar = serializers.JSONField()
    total_maks = serializers.SerializerMethodField()
    utfort_av = serializers.SerializerMethodField()

    class Meta:
        model = Kartlegging
        fields = [
            "id",
            "skjema",
            "skjema_versjon",
            "skjema_navn",
            "dato",
            "status",
            "svar",
            "total",
            "total_maks",
            "kommentar",
            "enhet",
            "utfort_av",
            "fullfort_at",
            "feilregistrert_at",
            "feilregistrert_grunn",
        ]

    def get_total_maks(self, obj: Kartlegging) -> int | None:
        """The highest possible total (null for forms without a total)."""
        regel = obj.skjema.definisjon.get("poengregel") or {}
        maks = regel.get("maks") if regel.get("type") == "sum" else None
        return maks if isinstance(maks, int) else None

    def get_utfort_av(self, obj: Kartlegging) -> str:
        return obj.utfort_av.get_full_name() or obj.utfort_av.username


class SvarradSerializer(serializers.Serializer[Any]):
    kode = serializers.CharField(source="element.kode")
    nummer = serializers.IntegerField(source="element.nummer")
    tekst = serializers.CharField(source="element.tekst")
    verdi = serializers.IntegerField(source="verdi.verdi", allow_null=True, default=None)
    svartekst = serializers.CharField(source="verdi.tekst", allow_null=True, default=None)
    poeng = serializers.IntegerField(source="verdi.poeng", allow_null=True, default=None)


class KartleggingDetailSerializer(KartleggingSerializer):
    """One assessment with every item of its form version and the answer given (labelled)."""

    rader = serializers.SerializerMethodField()

    class Meta(KartleggingSerializer.Meta):
        fields = [*KartleggingSerializer.Meta.fields, "rader"]

    @extend_schema_field(SvarradSerializer(many=True))
    def get_rader(self, obj: Kartlegging) -> Any:
        visning: Kartleggingsvisning = self.context["visning"]
        return SvarradSerializer(visning.rader, many=True).data


def _detail(visning: Kartleggingsvisning, status: int = 200) -> Response:
    data = KartleggingDetailSerializer(visning.kartlegging, context={"visning": visning}).data
    return Response(data, status=status)


class KartleggingInputSerializer(serializers.Serializer[Any]):
    dato = DatoField(required=False, allow_null=True, default=None)
    svar = serializers.DictField(
        required=False, allow_null=True, default=None, help_text=SVAR_HJELP
    )
    kommentar = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, default=None
    )

    def data_get(self) -> KartleggingData:
        values = self.validated_data
        return KartleggingData(
            dato=values["dato"], svar=values["svar"], kommentar=values["kommentar"]
        )


class KartleggingsskjemaListApi(ApiBase):
    """The forms in use: the newest active version of each (no patient data)."""

    @extend_schema(responses=KartleggingsskjemaSerializer(many=True))
    def get(self, request: Request) -> Response:
        request_ansatt(request)
        return Response(KartleggingsskjemaSerializer(kartleggingsskjema_list(), many=True).data)


class KartleggingCollectionApi(ApiBase):
    """GET lists the patient's assessments (newest first, paged; completed, entered in
    error, and your own drafts); POST starts one (a draft, or completed at once with
    `fullfor`). The same 404 for missing and not allowed; audited."""

    class CreateSerializer(KartleggingInputSerializer):
        skjema = serializers.SlugField(help_text="Skjemakode, for eksempel iplos eller barthel")
        fullfor = serializers.BooleanField(required=False, default=False)

    @extend_schema(
        operation_id="v1_pasienter_kartlegginger_list",
        parameters=[
            OpenApiParameter("skjema", str, description="Bare kartlegginger med dette skjemaet"),
            OpenApiParameter("side", int),
        ],
        responses=inline_serializer(
            "KartleggingSide",
            {
                "side": serializers.IntegerField(),
                "neste": serializers.URLField(allow_null=True),
                "forrige": serializers.URLField(allow_null=True),
                "resultater": KartleggingSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request, pasient_id: uuid.UUID) -> Response:
        oversikt = kartlegginger_for_pasient(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            skjema_kode=request.query_params.get("skjema") or None,
            side=side_parse(request.query_params.get("side")),
        )
        data = KartleggingSerializer(oversikt.side.items, many=True).data
        return side_response(request, oversikt.side, data)

    @extend_schema(
        request=CreateSerializer,
        responses={
            201: KartleggingDetailSerializer,
            400: OpenApiResponse(description="Ugyldige eller manglende svar, per elementkode"),
            403: OpenApiResponse(description="Rollen gir ikke rett til å kartlegge"),
        },
    )
    def post(self, request: Request, pasient_id: uuid.UUID) -> Response:
        data = self.CreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actor = request_ansatt(request)
        kartlegging = kartlegging_create(
            actor=actor,
            pasient_id=pasient_id,
            skjema_kode=data.validated_data["skjema"],
            data=data.data_get(),
            fullfor=data.validated_data["fullfor"],
        )
        visning = kartlegging_get(actor=actor, pasient_id=pasient_id, kartlegging_id=kartlegging.pk)
        return _detail(visning, status=201)


class KartleggingDetailApi(ApiBase):
    """GET one assessment with its answers labelled; PUT saves your own draft."""

    @extend_schema(responses=KartleggingDetailSerializer)
    def get(self, request: Request, pasient_id: uuid.UUID, kartlegging_id: uuid.UUID) -> Response:
        visning = kartlegging_get(
            actor=request_ansatt(request), pasient_id=pasient_id, kartlegging_id=kartlegging_id
        )
        return _detail(visning)

    @extend_schema(
        request=KartleggingInputSerializer,
        responses={
            200: KartleggingDetailSerializer,
            400: OpenApiResponse(description="Ugyldige svar, eller kartleggingen er fullført"),
        },
    )
    def put(self, request: Request, pasient_id: uuid.UUID, kartlegging_id: uuid.UUID) -> Response:
        data = KartleggingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actor = request_ansatt(request)
        kartlegging_draft_save(
            actor=actor, pasient_id=pasient_id, kartlegging_id=kartlegging_id, data=data.data_get()
        )
        return _detail(
            kartlegging_get(actor=actor, pasient_id=pasient_id, kartlegging_id=kartlegging_id)
        )


class KartleggingFullfoerApi(ApiBase):
    """Complete your own draft (values given are saved first). Every required item must be
    answered; the total is computed. A completed assessment cannot change. Audited."""

    @extend_schema(
        request=KartleggingInputSerializer,
        responses={
            200: KartleggingDetailSerializer,
            400: OpenApiResponse(description="Ubesvarte eller ugyldige svar, per elementkode"),
        },
    )
    def post(self, request: Request, pasient_id: uuid.UUID, kartlegging_id: uuid.UUID) -> Response:
        data = KartleggingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actor = request_ansatt(request)
        kartlegging_complete(
            actor=actor, pasient_id=pasient_id, kartlegging_id=kartlegging_id, data=data.data_get()
        )
        return _detail(
            kartlegging_get(actor=actor, pasient_id=pasient_id, kartlegging_id=kartlegging_id)
        )


class KartleggingFeilregistrerApi(ApiBase):
    """Mark an assessment as entered in error, with a reason (it stays in the history)."""

    class GrunnSerializer(serializers.Serializer[Any]):
        grunn = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(request=GrunnSerializer, responses={200: KartleggingDetailSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID, kartlegging_id: uuid.UUID) -> Response:
        data = self.GrunnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actor = request_ansatt(request)
        kartlegging_invalidate(
            actor=actor,
            pasient_id=pasient_id,
            kartlegging_id=kartlegging_id,
            grunn=data.validated_data["grunn"],
        )
        return _detail(
            kartlegging_get(actor=actor, pasient_id=pasient_id, kartlegging_id=kartlegging_id)
        )
