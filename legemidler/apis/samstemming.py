"""API of medication reconciliation and review (maps later to FHIR MedicationStatement
lists with a reconciliation Provenance, and a review as a Procedure)."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.pagination import side_parse
from core.decorators import request_ansatt
from legemidler.models import (
    Beslutning,
    Legemiddelgjennomgang,
    Legemiddelsamstemming,
    SamstemmingAnledning,
    SamstemmingLinje,
)
from legemidler.selectors import samstemming_get, samstemming_list
from legemidler.services import (
    gjennomgang_create,
    samstemming_line_add,
    samstemming_line_decide,
    samstemming_sign,
    samstemming_start,
)


class SamstemmingLinjeSerializer(serializers.ModelSerializer[SamstemmingLinje]):
    forordning_navn = serializers.CharField(
        source="forordning.legemiddel_navn", default=None, allow_null=True
    )
    besluttet_av = serializers.CharField(
        source="besluttet_av.get_full_name", default=None, allow_null=True
    )

    class Meta:
        model = SamstemmingLinje
        fields = [
            "id",
            "forordning",
            "forordning_navn",
            "innkommende",
            "legemiddel",
            "beslutning",
            "begrunnelse",
            "besluttet_av",
            "besluttet_at",
        ]


class SamstemmingSerializer(serializers.ModelSerializer[Legemiddelsamstemming]):
    startet_av = serializers.CharField(source="startet_av.get_full_name")
    signert_av = serializers.CharField(
        source="signert_av.get_full_name", default=None, allow_null=True
    )

    class Meta:
        model = Legemiddelsamstemming
        fields = [
            "id",
            "anledning",
            "kilde",
            "status",
            "startet_av",
            "created_at",
            "signert_av",
            "signert_av_hpr",
            "signert_at",
        ]


class SamstemmingDetailSerializer(SamstemmingSerializer):
    linjer = SamstemmingLinjeSerializer(many=True)

    class Meta(SamstemmingSerializer.Meta):
        fields = [*SamstemmingSerializer.Meta.fields, "linjer"]


class GjennomgangSerializer(serializers.ModelSerializer[Legemiddelgjennomgang]):
    registrert_av = serializers.CharField(source="registrert_av.get_full_name")

    class Meta:
        model = Legemiddelgjennomgang
        fields = ["id", "dato", "deltakere", "funn", "endringer", "registrert_av", "created_at"]


class SamstemmingCollectionApi(ApiBase):
    """GET the patient's reconciliations and reviews, and whether the list is reconciled;
    POST starts a reconciliation (the active orders become its first lines)."""

    class InputSerializer(serializers.Serializer[Any]):
        anledning = serializers.ChoiceField(choices=SamstemmingAnledning.choices)
        kilde = serializers.CharField(max_length=300)

    @extend_schema(
        parameters=[OpenApiParameter("side", int)],
        responses=inline_serializer(
            "Samstemminger",
            {
                "ikke_samstemt": serializers.CharField(allow_null=True),
                "samstemminger": SamstemmingSerializer(many=True),
                "gjennomganger": GjennomgangSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request, pasient_id: uuid.UUID) -> Response:
        o = samstemming_list(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            side=side_parse(request.query_params.get("side")),
        )
        return Response(
            {
                "ikke_samstemt": o.ikke_samstemt,
                "samstemminger": SamstemmingSerializer(o.samstemminger.items, many=True).data,
                "gjennomganger": GjennomgangSerializer(o.gjennomganger, many=True).data,
            }
        )

    @extend_schema(request=InputSerializer, responses={201: SamstemmingDetailSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actor = request_ansatt(request)
        s = samstemming_start(actor=actor, pasient_id=pasient_id, **data.validated_data)
        return Response(
            SamstemmingDetailSerializer(
                samstemming_get(actor=actor, samstemming_id=s.pk, pasient_id=pasient_id)
            ).data,
            status=201,
        )


class SamstemmingDetailApi(ApiBase):
    """One reconciliation with its lines."""

    @extend_schema(responses=SamstemmingDetailSerializer)
    def get(self, request: Request, pasient_id: uuid.UUID, samstemming_id: uuid.UUID) -> Response:
        s = samstemming_get(
            actor=request_ansatt(request), samstemming_id=samstemming_id, pasient_id=pasient_id
        )
        return Response(SamstemmingDetailSerializer(s).data)


class SamstemmingLinjeApi(ApiBase):
    """Add a drug from the incoming list, as written there."""

    class InputSerializer(serializers.Serializer[Any]):
        innkommende = serializers.CharField(max_length=300)
        legemiddel = serializers.UUIDField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: SamstemmingLinjeSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID, samstemming_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        linje = samstemming_line_add(
            actor=request_ansatt(request),
            samstemming_id=samstemming_id,
            pasient_id=pasient_id,
            innkommende=data.validated_data["innkommende"],
            legemiddel_id=data.validated_data["legemiddel"],
        )
        return Response(SamstemmingLinjeSerializer(linje).data, status=201)


class SamstemmingLinjeDecideApi(ApiBase):
    """A doctor decides a line (fortsett, endre, seponer, ny) with a reason."""

    class InputSerializer(serializers.Serializer[Any]):
        beslutning = serializers.ChoiceField(choices=Beslutning.choices)
        begrunnelse = serializers.CharField(max_length=500, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=SamstemmingLinjeSerializer)
    def post(
        self,
        request: Request,
        pasient_id: uuid.UUID,
        samstemming_id: uuid.UUID,
        linje_id: uuid.UUID,
    ) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        linje = samstemming_line_decide(
            actor=request_ansatt(request),
            linje_id=linje_id,
            pasient_id=pasient_id,
            **data.validated_data,
        )
        return Response(SamstemmingLinjeSerializer(linje).data)


class SamstemmingSignApi(ApiBase):
    """A doctor signs the reconciliation (every line decided)."""

    @extend_schema(request=None, responses=SamstemmingSerializer)
    def post(self, request: Request, pasient_id: uuid.UUID, samstemming_id: uuid.UUID) -> Response:
        s = samstemming_sign(
            actor=request_ansatt(request), samstemming_id=samstemming_id, pasient_id=pasient_id
        )
        return Response(SamstemmingSerializer(s).data)


class GjennomgangCreateApi(ApiBase):
    """Record a medication review (a doctor)."""

    class InputSerializer(serializers.Serializer[Any]):
        dato = serializers.DateField()
        deltakere = serializers.CharField(max_length=500)
        funn = serializers.CharField(max_length=4000)
        endringer = serializers.CharField(
            max_length=4000, required=False, default="", allow_blank=True
        )

    @extend_schema(request=InputSerializer, responses={201: GjennomgangSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        g = gjennomgang_create(
            actor=request_ansatt(request), pasient_id=pasient_id, **data.validated_data
        )
        return Response(GjennomgangSerializer(g).data, status=201)
