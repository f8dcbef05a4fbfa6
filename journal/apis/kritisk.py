"""API for critical information (CAVE) and problems/diagnoses of a patient."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoField, DatoTidField
from core.api.pagination import side_parse, side_response
from core.decorators import request_ansatt
from core.exceptions import ApplicationError
from journal.lib.kodeverk import OID
from journal.models import (
    Alvorlighet,
    Diagnose,
    DiagnoseStatus,
    Kodeverk,
    KritiskInformasjon,
    KritiskType,
    Sikkerhet,
)
from journal.selectors import Diagnoseside, diagnose_list, kode_get, kritisk_list
from journal.services import diagnose_close, diagnose_create, kritisk_create, kritisk_deactivate


def _paged(name: str, item: serializers.BaseSerializer[Any]) -> serializers.Serializer[Any]:
    return inline_serializer(
        name,
        {
            "side": serializers.IntegerField(),
            "neste": serializers.URLField(allow_null=True),
            "forrige": serializers.URLField(allow_null=True),
            "resultater": item,
        },
    )


def _aktiv_param(value: str | None) -> bool | None:
    if value in (None, ""):
        return None
    if value in ("true", "false"):
        return value == "true"
    raise ApplicationError("Parameteren aktiv må være true eller false.")


class KritiskInfoSerializer(serializers.ModelSerializer[KritiskInformasjon]):
    registrert_av = serializers.CharField(source="registrert_av.get_full_name")
    registrert_at = DatoTidField(source="created_at")
    avsluttet_av = serializers.CharField(
        source="avsluttet_av.get_full_name", default=None, allow_null=True
    )

    class Meta:
        model = KritiskInformasjon
        fields = [
            "id",
            "type",
            "tittel",
            "reaksjon",
            "substans_atc",
            "alvorlighet",
            "sikkerhet",
            "kilde",
            "dato",
            "besluttet_av",
            "aktiv",
            "registrert_av",
            "registrert_at",
            "avsluttet_av",
            "avsluttet_at",
            "avsluttet_grunn",
        ]


class KritiskInfoCollectionApi(ApiBase):
    """GET lists the patient's critical information (active first, then history; audited),
    POST registers an allergy, intolerance, implant, infection risk or decision."""

    class InputSerializer(serializers.Serializer[Any]):
        type = serializers.ChoiceField(choices=KritiskType.choices)
        tittel = serializers.CharField(max_length=200)
        reaksjon = serializers.CharField(
            max_length=500, required=False, default="", allow_blank=True
        )
        substans_atc = serializers.CharField(
            max_length=8, required=False, default="", allow_blank=True
        )
        alvorlighet = serializers.ChoiceField(
            choices=Alvorlighet.choices, required=False, default=Alvorlighet.UKJENT
        )
        sikkerhet = serializers.ChoiceField(
            choices=Sikkerhet.choices, required=False, default="", allow_blank=True
        )
        kilde = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
        dato = DatoField(required=False, allow_null=True, default=None)
        besluttet_av = serializers.CharField(
            max_length=200, required=False, default="", allow_blank=True
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("aktiv", bool, description="Bare aktive (true) eller avsluttede"),
            OpenApiParameter("side", int),
        ],
        responses=_paged("KritiskInfoSide", KritiskInfoSerializer(many=True)),
    )
    def get(self, request: Request, pasient_id: uuid.UUID) -> Response:
        side = kritisk_list(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            aktiv=_aktiv_param(request.query_params.get("aktiv")),
            side=side_parse(request.query_params.get("side")),
            storrelse=20,
        )
        return side_response(request, side, KritiskInfoSerializer(side.items, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: KritiskInfoSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kritisk = kritisk_create(
            actor=request_ansatt(request), pasient_id=pasient_id, **data.validated_data
        )
        return Response(KritiskInfoSerializer(kritisk).data, status=201)


class KritiskInfoDeactivateApi(ApiBase):
    """Make critical information inactive with a reason (never deleted)."""

    class InputSerializer(serializers.Serializer[Any]):
        grunn = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses=KritiskInfoSerializer)
    def post(self, request: Request, pasient_id: uuid.UUID, kritisk_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kritisk = kritisk_deactivate(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            kritisk_id=kritisk_id,
            **data.validated_data,
        )
        return Response(KritiskInfoSerializer(kritisk).data)


class DiagnoseSerializer(serializers.ModelSerializer[Diagnose]):
    kodeverk = serializers.CharField(source="kode.kodeverk")
    system = serializers.SerializerMethodField(help_text="Kodeverkets OID (for FHIR)")
    kode = serializers.CharField(source="kode.kode")
    tekst = serializers.CharField(source="kode.tekst")
    satt_av = serializers.CharField(source="satt_av.get_full_name")
    satt_at = DatoTidField(source="created_at")
    avsluttet_av = serializers.CharField(
        source="avsluttet_av.get_full_name", default=None, allow_null=True
    )
    sperret = serializers.SerializerMethodField(
        help_text="Sperret etter pasientens ønske: bare id vises"
    )

    class Meta:
        model = Diagnose
        fields = [
            "id",
            "sperret",
            "kodeverk",
            "system",
            "kode",
            "tekst",
            "debut",
            "status",
            "merknad",
            "satt_av",
            "satt_at",
            "avsluttet_av",
            "avsluttet_at",
        ]

    def get_sperret(self, obj: Diagnose) -> bool:
        return False

    def get_system(self, obj: Diagnose) -> str:
        return OID.get(obj.kode.kodeverk, "")


# One instance for every row (a model serializer builds its fields on each new instance);
# it reads no request context.
_DIAGNOSE = DiagnoseSerializer()


def _diagnose_rows(page: Diagnoseside) -> list[dict[str, Any]]:
    """An entry the patient has blocked for this person shows only its id and `sperret`."""
    return [
        {"id": str(d.pk), "sperret": True} if blocked else _DIAGNOSE.to_representation(d)
        for d, blocked in page.rader()
    ]


class DiagnoseCollectionApi(ApiBase):
    """GET lists the patient's problems and diagnoses (audited), POST sets one from the
    code lists by code list and code (e.g. ICPC-2 T90, ICD-10 E11.9)."""

    class InputSerializer(serializers.Serializer[Any]):
        kodeverk = serializers.ChoiceField(choices=Kodeverk.choices)
        kode = serializers.CharField(max_length=20)
        debut = DatoField(required=False, allow_null=True, default=None)
        merknad = serializers.CharField(
            max_length=500, required=False, default="", allow_blank=True
        )

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            kode = kode_get(kodeverk=attrs["kodeverk"], kode=attrs["kode"])
            if kode is None:
                raise serializers.ValidationError(
                    {"kode": [f"Fant ikke koden «{attrs['kode']}» i {attrs['kodeverk']}."]}
                )
            return {"kode_id": kode.pk, "debut": attrs["debut"], "merknad": attrs["merknad"]}

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=DiagnoseStatus.values),
            OpenApiParameter("side", int),
        ],
        responses=_paged("DiagnoseSide", DiagnoseSerializer(many=True)),
    )
    def get(self, request: Request, pasient_id: uuid.UUID) -> Response:
        page = diagnose_list(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            status=request.query_params.get("status") or None,
            side=side_parse(request.query_params.get("side")),
            storrelse=20,
        )
        return side_response(request, page.side, _diagnose_rows(page))

    @extend_schema(request=InputSerializer, responses={201: DiagnoseSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        diagnose = diagnose_create(
            actor=request_ansatt(request), pasient_id=pasient_id, **data.validated_data
        )
        return Response(DiagnoseSerializer(diagnose).data, status=201)


class DiagnoseCloseApi(ApiBase):
    """Close a diagnosis as resolved or wrongly registered (the latter needs a reason)."""

    class InputSerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(
            choices=[DiagnoseStatus.AVSLUTTET, DiagnoseStatus.FEILREGISTRERT],
            required=False,
            default=DiagnoseStatus.AVSLUTTET,
        )
        grunn = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses=DiagnoseSerializer)
    def post(self, request: Request, pasient_id: uuid.UUID, diagnose_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        diagnose = diagnose_close(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            diagnose_id=diagnose_id,
            **data.validated_data,
        )
        return Response(DiagnoseSerializer(diagnose).data)
