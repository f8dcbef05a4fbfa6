"""Nursing-home API: the ward's task list and ticking a task."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
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
from core.api.fields import DatoField, DatoTidField, KlokkeslettField
from core.decorators import request_ansatt
from tjenester.sykehjem import selectors as sel
from tjenester.sykehjem import services as svc
from tjenester.sykehjem.models import (
    Avdelingsoppgave,
    OppgaveStatus,
)


class OppgaveSerializer(serializers.Serializer[Any]):
    """One occurrence on the ward's task list with its tick (null while not ticked)."""

    class Meta:
        ref_name = "Avdelingsoppgave"  # home care visits have an "Oppgave" of their own

    periode = serializers.CharField()
    pasient = serializers.UUIDField(source="pasient_id")
    pasient_navn = serializers.CharField()
    rom = serializers.CharField()
    fravar = serializers.CharField()
    tiltak = serializers.UUIDField(source="tiltak_id")
    dato = DatoField()
    tidspunkt = KlokkeslettField(allow_null=True)
    tekst = serializers.CharField()
    varighet_min = serializers.IntegerField()
    kvittering = serializers.SerializerMethodField()

    @extend_schema_field(
        inline_serializer(
            "Kvittering",
            {
                "status": serializers.ChoiceField(choices=OppgaveStatus.choices),
                "grunn": serializers.CharField(),
                "utfort_av": serializers.UUIDField(),
                "utfort_av_navn": serializers.CharField(),
                "utfort_at": DatoTidField(),
            },
            allow_null=True,
        )
    )
    def get_kvittering(self, obj: dict[str, Any]) -> dict[str, Any] | None:
        k: Avdelingsoppgave | None = obj["kvittering"]
        if k is None:
            return None
        return {
            "status": k.status,
            "grunn": k.grunn,
            "utfort_av": str(k.utfort_av_id),
            "utfort_av_navn": k.utfort_av.get_full_name() or k.utfort_av.username,
            "utfort_at": DatoTidField().to_representation(k.utfort_at),
        }


def _oppgave_data(periode: str, beboer: sel.Beboeroppgaver | None, o: sel.Oppgaverad) -> Any:
    return {
        "periode": periode,
        "pasient_id": o.pasient_id,
        "pasient_navn": o.pasient_navn,
        "rom": beboer.rom if beboer else "",
        "fravar": beboer.fravar if beboer else "",
        "tiltak_id": o.tiltak_id,
        "dato": o.dato,
        "tidspunkt": o.tidspunkt,
        "tekst": o.tekst,
        "varighet_min": o.varighet_min,
        "kvittering": o.kvittering,
    }


class OppgaveListApi(ApiBase):
    """The ward's task list for a day: the plan tiltak the ward is responsible for, by
    part of the day (`periode`) and resident, with their ticks. Default: the ward the
    person acts in, today. Only patients the person may see; audited per patient."""

    @extend_schema(
        parameters=[
            OpenApiParameter("enhet", OpenApiTypes.UUID, description="Standard: din avdeling"),
            OpenApiParameter("dato", OpenApiTypes.DATE, description="Standard: i dag"),
            OpenApiParameter("periode", str, enum=list(sel.DAGSPERIODER)),
        ],
        responses=inline_serializer(
            "Oppgaveliste",
            {
                "avdeling": serializers.UUIDField(),
                "dato": DatoField(),
                "kan_kvittere": serializers.BooleanField(),
                "antall": serializers.IntegerField(),
                "kvittert": serializers.IntegerField(),
                "oppgaver": OppgaveSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        liste = sel.avdelingsoppgaver_get(
            actor=request_ansatt(request),
            dato=sel.belegg_dato_parse(request.query_params.get("dato")),
            enhet_id=request.query_params.get("enhet") or None,
            periode=request.query_params.get("periode", ""),
        )
        rows = [
            _oppgave_data(p.kode, b, o)
            for p in liste.perioder
            for b in p.beboere
            for o in b.oppgaver
        ]
        return Response(
            {
                "avdeling": liste.avdeling.pk,
                "dato": liste.dato,
                "kan_kvittere": liste.kan_kvittere,
                "antall": liste.antall,
                "kvittert": liste.kvittert,
                "oppgaver": OppgaveSerializer(rows, many=True).data,
            }
        )


class OppgaveKvitterApi(ApiBase):
    """Tick one occurrence on the task list of the ward the person acts in: done, or not
    done with a reason (`grunn`, required then). Only today; a tick may be changed the
    same day. 404 alike for a missing tiltak and one of another ward or patient."""

    class InputSerializer(serializers.Serializer[Any]):
        tiltak = serializers.UUIDField()
        dato = DatoField()
        tidspunkt = KlokkeslettField(required=False, allow_null=True, default=None)
        status = serializers.ChoiceField(choices=OppgaveStatus.choices)
        grunn = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={200: OppgaveSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        kvittering = svc.avdelingsoppgave_tick(
            actor=request_ansatt(request),
            tiltak_id=d["tiltak"],
            dato=d["dato"],
            tidspunkt=d["tidspunkt"],
            status=d["status"],
            grunn=d["grunn"],
        )
        rad = sel.oppgaverad_for(kvittering)
        periode = sel.dagsperiode(rad.tidspunkt)
        return Response(OppgaveSerializer(_oppgave_data(periode, None, rad)).data)
