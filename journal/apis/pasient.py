from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from drf_spectacular.utils import (
    OpenApiParameter,
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
from core.exceptions import ApplicationError
from journal.models import Kjoenn, Maalform, Pasient
from journal.selectors import Pasientvisning, pasient_get, pasient_search
from journal.services import (
    PaaroerendeData,
    PasientData,
    pasient_create,
)


class PasientListSerializer(serializers.ModelSerializer[Pasient]):
    class Meta:
        model = Pasient
        fields = [
            "id",
            "identifikator",
            "fornavn",
            "mellomnavn",
            "etternavn",
            "fodselsdato",
            "kjonn",
            "dodsdato",
        ]


class PasientDetailSerializer(serializers.ModelSerializer[Pasient]):
    class PaaroerendeSerializer(serializers.Serializer[Any]):
        """A next-of-kin entry; entries the patient has blocked show only `sperret`."""

        sperret = serializers.BooleanField()
        navn = serializers.CharField(required=False)
        relasjon = serializers.CharField(required=False)
        telefon = serializers.CharField(required=False)
        er_naermeste = serializers.BooleanField(required=False)
        er_verge = serializers.BooleanField(required=False)

    kommunenummer = serializers.CharField(source="kommune.nummer", default=None, allow_null=True)
    fastlege = serializers.SerializerMethodField()
    paarorende = serializers.SerializerMethodField()
    alder = serializers.SerializerMethodField()
    tilgang = serializers.SerializerMethodField()

    class Meta:
        model = Pasient
        fields = [
            "id",
            "identifikator",
            "identifikator_type",
            "fornavn",
            "mellomnavn",
            "etternavn",
            "fodselsdato",
            "alder",
            "kjonn",
            "adresse",
            "postnummer",
            "poststed",
            "kommunenummer",
            "telefon",
            "foretrukket_sprak",
            "tolkebehov",
            "malform",
            "fastlege",
            "dodsdato",
            "paarorende",
            "tilgang",
        ]

    def get_fastlege(self, obj: Pasient) -> dict[str, str] | None:
        if obj.fastlege is None:
            return None
        return {"navn": obj.fastlege.get_full_name(), "hpr_nummer": obj.fastlege.hpr_nummer or ""}

    def get_alder(self, obj: Pasient) -> int:
        return obj.alder()

    @extend_schema_field(PaaroerendeSerializer(many=True))
    def get_paarorende(self, obj: Pasient) -> list[dict[str, Any]]:
        visning: Pasientvisning = self.context["visning"]
        result: list[dict[str, Any]] = []
        for kin, blocked in visning.paarorende():
            if blocked:
                result.append({"sperret": True})
            else:
                result.append(
                    {
                        "sperret": False,
                        "navn": kin.navn,
                        "relasjon": kin.relasjon,
                        "telefon": kin.telefon,
                        "er_naermeste": kin.er_naermeste,
                        "er_verge": kin.er_verge,
                    }
                )
        return result

    def get_tilgang(self, obj: Pasient) -> dict[str, Any]:
        visning: Pasientvisning = self.context["visning"]
        grant = visning.tilgang.utvidet_tilgang
        return {
            "grunnlag": visning.tilgang.kode,
            "gyldig_til": grant.gyldig_til.isoformat() if grant else None,
            "sperring_overstyrt": visning.tilgang.sperring_overstyrt,
        }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def pasient_list_data(pasienter: Sequence[Pasient]) -> list[dict[str, Any]]:
    """What PasientListSerializer gives (tests/journal/test_pasient_sporringer.py checks
    it field by field), built directly: the serializer's per-call field setup cost more
    than the search's own query."""
    return [
        {
            "id": str(p.pk),
            "identifikator": p.identifikator,
            "fornavn": p.fornavn,
            "mellomnavn": p.mellomnavn,
            "etternavn": p.etternavn,
            "fodselsdato": _iso(p.fodselsdato),
            "kjonn": p.kjonn,
            "dodsdato": _iso(p.dodsdato),
        }
        for p in pasienter
    ]


def pasient_detail_data(visning: Pasientvisning) -> dict[str, Any]:
    """What PasientDetailSerializer gives (checked by the same test), built directly."""
    p = visning.pasient
    grant = visning.tilgang.utvidet_tilgang
    lege = p.fastlege
    return {
        "id": str(p.pk),
        "identifikator": p.identifikator,
        "identifikator_type": p.identifikator_type,
        "fornavn": p.fornavn,
        "mellomnavn": p.mellomnavn,
        "etternavn": p.etternavn,
        "fodselsdato": _iso(p.fodselsdato),
        "alder": p.alder(),
        "kjonn": p.kjonn,
        "adresse": p.adresse,
        "postnummer": p.postnummer,
        "poststed": p.poststed,
        "kommunenummer": p.kommune.nummer if p.kommune is not None else None,
        "telefon": p.telefon,
        "foretrukket_sprak": p.foretrukket_sprak,
        "tolkebehov": p.tolkebehov,
        "malform": p.malform,
        "fastlege": (
            {"navn": lege.get_full_name(), "hpr_nummer": lege.hpr_nummer or ""} if lege else None
        ),
        "dodsdato": _iso(p.dodsdato),
        "paarorende": _paaroerende_data(visning),
        "tilgang": {
            "grunnlag": visning.tilgang.kode,
            "gyldig_til": grant.gyldig_til.isoformat() if grant else None,
            "sperring_overstyrt": visning.tilgang.sperring_overstyrt,
        },
    }


def _paaroerende_data(visning: Pasientvisning) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    for kin, blocked in visning.paarorende():
        if blocked:
            result.append({"sperret": True})
        else:
            result.append(
                {
                    "sperret": False,
                    "navn": kin.navn,
                    "relasjon": kin.relasjon,
                    "telefon": kin.telefon,
                    "er_naermeste": kin.er_naermeste,
                    "er_verge": kin.er_verge,
                }
            )
    return result


class PasientCollectionApi(ApiBase):
    """GET searches (?sok=), POST registers a patient. Both audited."""

    class CreateInputSerializer(serializers.Serializer[Any]):
        class PaaroerendeInput(serializers.Serializer[Any]):
            navn = serializers.CharField(max_length=200)
            relasjon = serializers.CharField(max_length=100)
            telefon = serializers.CharField(max_length=20, required=False, default="")
            er_naermeste = serializers.BooleanField(required=False, default=False)
            er_verge = serializers.BooleanField(required=False, default=False)

        identifikator = serializers.CharField(max_length=20)
        identifikator_utsteder = serializers.CharField(max_length=100, required=False, default="")
        fornavn = serializers.CharField(max_length=100)
        mellomnavn = serializers.CharField(max_length=100, required=False, default="")
        etternavn = serializers.CharField(max_length=100)
        fodselsdato = DatoField()
        kjonn = serializers.ChoiceField(
            choices=Kjoenn.choices, required=False, default=Kjoenn.UKJENT
        )
        adresse = serializers.CharField(max_length=200, required=False, default="")
        postnummer = serializers.RegexField(
            r"^[0-9]{4}$",
            required=False,
            default="",
            error_messages={"invalid": "Postnummer må være fire sifre."},
        )
        poststed = serializers.CharField(max_length=100, required=False, default="")
        kommunenummer = serializers.RegexField(
            r"^[0-9]{4}$",
            required=False,
            default="",
            error_messages={"invalid": "Kommunenummer må være fire sifre."},
        )
        telefon = serializers.CharField(max_length=20, required=False, default="")
        foretrukket_sprak = serializers.CharField(max_length=50, required=False, default="")
        tolkebehov = serializers.BooleanField(required=False, default=False)
        malform = serializers.ChoiceField(
            choices=Maalform.choices, required=False, default=Maalform.BOKMAL
        )
        fastlege_hpr = serializers.RegexField(
            r"^[0-9]{1,9}$",
            required=False,
            default="",
            error_messages={"invalid": "HPR-nummer må være 1–9 sifre."},
        )
        dodsdato = DatoField(required=False, allow_null=True, default=None)
        paarorende = PaaroerendeInput(many=True, required=False, default=list)

    @extend_schema(
        parameters=[
            OpenApiParameter("sok", str, description="Fødselsnummer, fødselsdato eller navn"),
            OpenApiParameter("side", int),
        ],
        responses=inline_serializer(
            "PasientSide",
            {
                "side": serializers.IntegerField(),
                "neste": serializers.URLField(allow_null=True),
                "forrige": serializers.URLField(allow_null=True),
                "resultater": PasientListSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        sok = request.query_params.get("sok", "")
        if not sok.strip():
            raise ApplicationError("Oppgi et søk i parameteren sok.")
        result = pasient_search(
            actor=request_ansatt(request),
            sok=sok,
            side=side_parse(request.query_params.get("side")),
        )
        return side_response(request, result.side, pasient_list_data(result.side.items))

    @extend_schema(request=CreateInputSerializer, responses={201: PasientDetailSerializer})
    def post(self, request: Request) -> Response:
        data = self.CreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["paarorende"] = [PaaroerendeData(**p) for p in values.get("paarorende", [])]
        created = pasient_create(actor=request_ansatt(request), data=PasientData(**values))
        visning = pasient_get(actor=request_ansatt(request), pasient_id=created.pk)
        return Response(pasient_detail_data(visning), status=201)


class PasientDetailApi(ApiBase):
    @extend_schema(responses=PasientDetailSerializer)
    def get(self, request: Request, pasient_id: uuid.UUID) -> Response:
        visning = pasient_get(actor=request_ansatt(request), pasient_id=pasient_id)
        return Response(pasient_detail_data(visning))
