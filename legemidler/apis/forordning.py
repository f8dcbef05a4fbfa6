"""API of a patient's medication: the medication list, ordering (409 with the checks that
stopped it), one order, stop, confirm; the telephone orders waiting for a doctor; and a
catalogue search.

The order's shape is chosen so FHIR MedicationRequest (an order) and MedicationStatement
(the list) can be mapped from it later: `legemiddel` is the medication (FEST id, ATC code),
`dosering` the dosageInstruction (timing and dose per time, or asNeeded with
maxDosePerPeriod), `indikasjon` the reasonCode, `ordinert_av` the requester (HPR), `status`
active / stopped / completed, `periode` the validity period.
"""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.pagination import side_parse, side_response
from core.decorators import request_ansatt
from core.klokke import idag
from legemidler.lib.kontroll import KONTROLLER
from legemidler.models import (
    Administrasjonsvei,
    DoseEnhet,
    Doseringstype,
    Forordning,
    Legemiddel,
    Overstyring,
)
from legemidler.selectors import (
    forordning_get,
    legemiddel_search,
    legemiddelliste_get,
    telefonordinasjon_list,
)
from legemidler.services import forordning_confirm, forordning_create, forordning_stop


class LegemiddelSerializer(serializers.ModelSerializer[Legemiddel]):
    utgaatt = serializers.BooleanField(source="er_utgaatt")

    class Meta:
        model = Legemiddel
        fields = [
            "id",
            "fest_id",
            "varenavn",
            "navn_form_styrke",
            "atc",
            "atc_navn",
            "legemiddelform",
            "styrke",
            "styrke_enhet",
            "reseptgruppe",
            "kan_knuses",
            "utgaatt",
        ]


class OverstyringSerializer(serializers.ModelSerializer[Overstyring]):
    overstyrt_av = serializers.CharField(source="overstyrt_av.get_full_name")

    class Meta:
        model = Overstyring
        fields = ["kontroll", "melding", "begrunnelse", "overstyrt_av", "created_at"]


class PersonSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    navn = serializers.CharField(source="get_full_name")
    hpr_nummer = serializers.CharField(allow_null=True)


class ForordningSerializer(serializers.ModelSerializer[Forordning]):
    """One order (maps to FHIR MedicationRequest)."""

    status = serializers.SerializerMethodField(
        help_text="aktiv, seponert, eller avsluttet (planlagt slutt passert)"
    )
    legemiddel = LegemiddelSerializer()
    dosering_tekst = serializers.CharField()
    ordinert_av = PersonSerializer()
    registrert_av = PersonSerializer()
    bekreftet_av = PersonSerializer(allow_null=True)
    seponert_av = PersonSerializer(allow_null=True)
    ubekreftet = serializers.BooleanField(source="er_ubekreftet")
    overstyringer = OverstyringSerializer(many=True)

    class Meta:
        model = Forordning
        fields = [
            "id",
            "pasient",
            "enhet",
            "status",
            "legemiddel",
            "legemiddel_navn",
            "atc",
            "doseringstype",
            "dosering",
            "dosering_tekst",
            "dose_enhet",
            "administrasjonsvei",
            "merknad",
            "indikasjon",
            "multidose",
            "start",
            "sluttdato",
            "ordinert_av",
            "ordinert_av_hpr",
            "registrert_av",
            "telefonordinasjon",
            "ubekreftet",
            "bekreftes_innen",
            "bekreftet_av",
            "bekreftet_at",
            "seponert_at",
            "seponert_av",
            "seponeringsgrunn",
            "erstatter",
            "overstyringer",
            "created_at",
        ]

    def get_status(self, obj: Forordning) -> str:
        if obj.status == "aktiv" and obj.sluttdato is not None and obj.sluttdato < idag():
            return "avsluttet"
        return obj.status


class LegemiddellisteApi(ApiBase):
    """GET the patient's medication list (active orders, and a page of ended ones);
    POST orders a drug (a doctor), or registers a telephone order (a nurse, with
    `telefonordinasjon` and `ordinert_av`). An order stopped by the checks answers 409 with
    `kontroller` (each with `kontroll` and `melding`); send it again with `overstyringer`
    ({kontroll: written reason}) to override."""

    class InputSerializer(serializers.Serializer[Any]):
        legemiddel = serializers.UUIDField()
        doseringstype = serializers.ChoiceField(choices=Doseringstype.choices)
        dosering = serializers.DictField(
            help_text=(
                "fast: {tider: [{tid: '08:00', dose: '1'}], ukedager: [1..7], intervall_uker}; "
                "nedtrapping: {tider: [{tid}], trinn: [{dager, dose}]}; behov: {behov_dose, "
                "behov_maks_per_doegn, behov_min_intervall_min}"
            )
        )
        dose_enhet = serializers.ChoiceField(choices=DoseEnhet.choices)
        administrasjonsvei = serializers.ChoiceField(choices=Administrasjonsvei.choices)
        indikasjon = serializers.CharField(max_length=300)
        start = serializers.DateTimeField(required=False, allow_null=True, default=None)
        sluttdato = serializers.DateField(required=False, allow_null=True, default=None)
        merknad = serializers.CharField(
            max_length=500, required=False, default="", allow_blank=True
        )
        multidose = serializers.BooleanField(required=False, default=False)
        telefonordinasjon = serializers.BooleanField(required=False, default=False)
        ordinert_av = serializers.UUIDField(required=False, allow_null=True, default=None)
        overstyringer = serializers.DictField(
            child=serializers.CharField(max_length=500, allow_blank=True),
            required=False,
            default=dict,
            help_text=f"Begrunnelse per kontroll: {', '.join(KONTROLLER)}",
        )

    @extend_schema(
        parameters=[OpenApiParameter("side", int, description="Side av de avsluttede")],
        responses=inline_serializer(
            "Legemiddelliste",
            {
                "aktive": ForordningSerializer(many=True),
                "avsluttede": ForordningSerializer(many=True),
                "side": serializers.IntegerField(),
                "neste": serializers.URLField(allow_null=True),
            },
        ),
    )
    def get(self, request: Request, pasient_id: uuid.UUID) -> Response:
        liste = legemiddelliste_get(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            side=side_parse(request.query_params.get("side")),
            storrelse=50,
        )
        avsluttede = ForordningSerializer(liste.avsluttede.items, many=True).data
        response = side_response(request, liste.avsluttede, avsluttede)
        return Response(
            {
                "aktive": ForordningSerializer(liste.aktive, many=True).data,
                "avsluttede": avsluttede,
                "side": response.data["side"],
                "neste": response.data["neste"],
            }
        )

    @extend_schema(request=InputSerializer, responses={201: ForordningSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        forordning = forordning_create(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            legemiddel_id=v.pop("legemiddel"),
            ordinert_av_id=v.pop("ordinert_av"),
            **v,
        )
        return Response(ForordningSerializer(forordning).data, status=201)


class ForordningDetailApi(ApiBase):
    """One order with its overridden checks."""

    @extend_schema(responses=ForordningSerializer)
    def get(self, request: Request, pasient_id: uuid.UUID, forordning_id: uuid.UUID) -> Response:
        forordning = forordning_get(
            actor=request_ansatt(request), forordning_id=forordning_id, pasient_id=pasient_id
        )
        return Response(ForordningSerializer(forordning).data)


class ForordningStopApi(ApiBase):
    """Stop (seponere) an order with the reason."""

    class InputSerializer(serializers.Serializer[Any]):
        grunn = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses=ForordningSerializer)
    def post(self, request: Request, pasient_id: uuid.UUID, forordning_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        forordning = forordning_stop(
            actor=request_ansatt(request),
            forordning_id=forordning_id,
            pasient_id=pasient_id,
            grunn=data.validated_data["grunn"],
        )
        return Response(ForordningSerializer(forordning).data)


class ForordningConfirmApi(ApiBase):
    """A doctor confirms a telephone order."""

    @extend_schema(request=None, responses=ForordningSerializer)
    def post(self, request: Request, pasient_id: uuid.UUID, forordning_id: uuid.UUID) -> Response:
        forordning = forordning_confirm(
            actor=request_ansatt(request), forordning_id=forordning_id, pasient_id=pasient_id
        )
        return Response(ForordningSerializer(forordning).data)


class TelefonordinasjonListApi(ApiBase):
    """Telephone orders of the acting unit (and a doctor's own) not yet confirmed."""

    @extend_schema(
        parameters=[OpenApiParameter("side", int)],
        responses=inline_serializer(
            "Telefonordinasjoner",
            {
                "side": serializers.IntegerField(),
                "neste": serializers.URLField(allow_null=True),
                "forrige": serializers.URLField(allow_null=True),
                "resultater": ForordningSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        side = telefonordinasjon_list(
            actor=request_ansatt(request), side=side_parse(request.query_params.get("side"))
        )
        return side_response(request, side, ForordningSerializer(side.items, many=True).data)


class LegemiddelSearchApi(ApiBase):
    """Search the active catalogue by name, substance or ATC code (at least 2 letters)."""

    acting_required = False

    @extend_schema(
        parameters=[OpenApiParameter("sok", str, required=True)],
        responses=LegemiddelSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        treff = legemiddel_search(sok=request.query_params.get("sok", ""))
        return Response(LegemiddelSerializer(treff, many=True).data)
