"""API for nursing homes: beds, the occupancy board, stays and their events, the waiting
list. The same services and selectors as the pages, so the same access rules and audit."""

from __future__ import annotations

import uuid
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
from core.api.pagination import side_parse, side_response
from core.decorators import request_ansatt
from core.exceptions import ApplicationError
from tjenester.sykehjem import selectors as sel
from tjenester.sykehjem import services as svc
from tjenester.sykehjem.models import (
    Avdelingsoppgave,
    Fravar,
    Fravarstype,
    OppgaveStatus,
    Opphold,
    OppholdStatus,
    Oppholdstype,
    Prioritet,
    Seng,
    Sengeperiode,
    Venteliste,
)


class SengSerializer(serializers.ModelSerializer[Seng]):
    rom = serializers.CharField(source="rom.navn")

    class Meta:
        model = Seng
        fields = ["id", "enhet", "rom", "navn", "type", "aktiv", "nummer"]


class SengeperiodeSerializer(serializers.ModelSerializer[Sengeperiode]):
    class Meta:
        model = Sengeperiode
        fields = ["id", "seng", "enhet", "fra", "til"]


class FravarSerializer(serializers.ModelSerializer[Fravar]):
    class Meta:
        model = Fravar
        fields = ["id", "opphold", "type", "fra", "til", "merknad"]


class OppholdSerializer(serializers.ModelSerializer[Opphold]):
    pasient_navn = serializers.CharField(source="pasient.fullt_navn")

    class Meta:
        model = Opphold
        fields = [
            "id",
            "pasient",
            "pasient_navn",
            "enhet",
            "seng",
            "type",
            "status",
            "fra",
            "til",
            "avslutningsarsak",
            "dodsdato",
            "merknad",
            "tjeneste",
        ]


class OppholdDetaljSerializer(OppholdSerializer):
    sengeperioder = SengeperiodeSerializer(many=True)
    fravar = FravarSerializer(many=True)

    class Meta(OppholdSerializer.Meta):
        fields = [*OppholdSerializer.Meta.fields, "sengeperioder", "fravar"]


class VentelisteSerializer(serializers.ModelSerializer[Venteliste]):
    pasient_navn = serializers.CharField(source="pasient.fullt_navn")

    class Meta:
        model = Venteliste
        fields = [
            "id",
            "pasient",
            "pasient_navn",
            "enhet",
            "prioritet",
            "soknadsdato",
            "vedtaksdato",
            "status",
            "merknad",
        ]


def _side_schema(name: str, item: serializers.Serializer[Any]) -> Any:
    return inline_serializer(
        name,
        {
            "side": serializers.IntegerField(),
            "neste": serializers.URLField(allow_null=True),
            "forrige": serializers.URLField(allow_null=True),
            "resultater": item,
        },
    )


def _opphold_response(request: Request, opphold_id: uuid.UUID, status: int = 200) -> Response:
    """The stay as it is now, or 204 when the change took it out of the person's reach
    (discharge, death or transfer to another ward close the ward's care relationship)."""
    try:
        opphold = sel.opphold_get(actor=request_ansatt(request), opphold_id=opphold_id)
    except ApplicationError:
        return Response(status=204)
    return Response(OppholdDetaljSerializer(opphold).data, status=status)


class SengListApi(ApiBase):
    """Every bed of a ward of the municipality (no patient data)."""

    @extend_schema(
        parameters=[OpenApiParameter("enhet", OpenApiTypes.UUID, required=True)],
        responses=SengSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        enhet = request.query_params.get("enhet")
        if not enhet:
            raise ApplicationError("Oppgi enhet (avdelingens id).")
        senger = sel.senger_for_avdeling(actor=request_ansatt(request), enhet_id=enhet)
        return Response(SengSerializer(senger, many=True).data)


class BeleggApi(ApiBase):
    """Free, occupied and reserved beds per ward on a day (default today). Beds are listed
    for the chosen ward (or the acting unit's); residents only where access allows."""

    class WardSerializer(serializers.Serializer[Any]):
        enhet = serializers.UUIDField(source="enhet.pk")
        navn = serializers.CharField(source="enhet.navn")
        ledig = serializers.IntegerField()
        belagt = serializers.IntegerField()
        reservert = serializers.IntegerField()
        permisjon = serializers.IntegerField()
        sykehus = serializers.IntegerField()
        inaktiv = serializers.IntegerField()
        senger = serializers.SerializerMethodField()

        @extend_schema_field(
            inline_serializer(
                "Sengestatus",
                {
                    "seng": serializers.UUIDField(),
                    "rom": serializers.CharField(),
                    "navn": serializers.CharField(),
                    "type": serializers.CharField(),
                    "status": serializers.CharField(),
                    "fravar": serializers.CharField(),
                    "opphold": serializers.UUIDField(allow_null=True),
                    "pasient_navn": serializers.CharField(allow_null=True),
                },
                many=True,
            )
        )
        def get_senger(self, obj: sel.Avdelingsbelegg) -> list[dict[str, Any]]:
            return [
                {
                    "seng": str(r.seng.pk),
                    "rom": r.seng.rom.navn,
                    "navn": r.seng.navn,
                    "type": r.seng.type,
                    "status": r.status,
                    "fravar": r.fravar,
                    "opphold": str(r.opphold.pk) if r.opphold else None,
                    "pasient_navn": r.opphold.pasient.fullt_navn if r.opphold else None,
                }
                for r in obj.senger
            ]

    @extend_schema(
        parameters=[
            OpenApiParameter("enhet", OpenApiTypes.UUID),
            OpenApiParameter("dato", OpenApiTypes.DATE, description="Standard: i dag"),
        ],
        responses=inline_serializer(
            "Belegg",
            {
                "dato": serializers.DateField(),
                "avdelinger": WardSerializer(many=True),
                "vedtak_uten_opphold": inline_serializer(
                    "VedtakUtenOpphold",
                    {
                        "tjeneste": serializers.UUIDField(),
                        "pasient": serializers.UUIDField(),
                        "pasient_navn": serializers.CharField(),
                        "enhet": serializers.UUIDField(),
                        "tjenestetype_kode": serializers.CharField(),
                        "navn": serializers.CharField(),
                        "fra_dato": serializers.DateField(),
                        "til_dato": serializers.DateField(allow_null=True),
                        "kilde_vedtak_id": serializers.UUIDField(allow_null=True),
                    },
                    many=True,
                ),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        oversikt = sel.belegg_get(
            actor=request_ansatt(request),
            dato=sel.belegg_dato_parse(request.query_params.get("dato")),
            enhet_id=request.query_params.get("enhet") or None,
        )
        return Response(
            {
                "dato": oversikt.dato,
                "avdelinger": self.WardSerializer(oversikt.avdelinger, many=True).data,
                "vedtak_uten_opphold": [
                    {
                        "tjeneste": t.pk,
                        "pasient": t.pasient_id,
                        "pasient_navn": t.pasient.fullt_navn,
                        "enhet": t.enhet_id,
                        "tjenestetype_kode": t.tjenestetype_kode,
                        "navn": t.navn,
                        "fra_dato": t.fra_dato,
                        "til_dato": t.til_dato,
                        "kilde_vedtak_id": t.kilde_vedtak_id,
                    }
                    for t in oversikt.vedtak_uten_opphold
                ],
            }
        )


class OppholdCollectionApi(ApiBase):
    """GET: stays the person may see (newest first, paged). POST: admit a patient to a bed
    of the acting ward, or reserve it (fra ahead). 400 "Sengen er allerede belagt i
    perioden." when the bed is taken; needs the right to manage stays."""

    class InputSerializer(serializers.Serializer[Any]):
        seng = serializers.UUIDField()
        type = serializers.ChoiceField(choices=Oppholdstype.choices)
        fra = serializers.DateField()
        til = serializers.DateField(required=False, allow_null=True, default=None)
        pasient = serializers.UUIDField(required=False, allow_null=True, default=None)
        identifikator = serializers.CharField(required=False, allow_blank=True, default="")
        venteliste = serializers.UUIDField(required=False, allow_null=True, default=None)
        merknad = serializers.CharField(required=False, allow_blank=True, default="")
        tjeneste = serializers.UUIDField(required=False, allow_null=True, default=None)

    @extend_schema(
        parameters=[
            OpenApiParameter("enhet", OpenApiTypes.UUID),
            OpenApiParameter("status", str, enum=OppholdStatus.values),
            OpenApiParameter("side", int),
        ],
        responses=_side_schema("OppholdSide", OppholdSerializer(many=True)),
    )
    def get(self, request: Request) -> Response:
        side = sel.opphold_list(
            actor=request_ansatt(request),
            enhet_id=request.query_params.get("enhet") or None,
            status=request.query_params.get("status") or None,
            side=side_parse(request.query_params.get("side")),
        )
        return side_response(request, side, OppholdSerializer(side.items, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: OppholdDetaljSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        opphold = svc.opphold_create(
            actor=request_ansatt(request),
            seng_id=d["seng"],
            type=d["type"],
            fra=d["fra"],
            til=d["til"],
            pasient_id=d["pasient"],
            identifikator=d["identifikator"],
            venteliste_id=d["venteliste"],
            merknad=d["merknad"],
            tjeneste_id=d["tjeneste"],
        )
        return _opphold_response(request, opphold.pk, status=201)


class OppholdDetailApi(ApiBase):
    """One stay with its bed periods and absences (the same 404 for missing and not allowed)."""

    @extend_schema(responses=OppholdDetaljSerializer)
    def get(self, request: Request, opphold_id: uuid.UUID) -> Response:
        opphold = sel.opphold_get(actor=request_ansatt(request), opphold_id=opphold_id)
        return Response(OppholdDetaljSerializer(opphold).data)


class DatoSerializer(serializers.Serializer[Any]):
    dato = serializers.DateField(required=False, allow_null=True, default=None)


class OppholdInnleggApi(ApiBase):
    """The reserved resident arrives: the stay becomes active (from `dato`, default today)."""

    @extend_schema(request=DatoSerializer, responses={200: OppholdDetaljSerializer})
    def post(self, request: Request, opphold_id: uuid.UUID) -> Response:
        data = DatoSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        svc.opphold_admit(
            actor=request_ansatt(request), opphold_id=opphold_id, dato=data.validated_data["dato"]
        )
        return _opphold_response(request, opphold_id)


class OppholdOverflyttApi(ApiBase):
    """Move the resident to another bed (this or another ward) from `dato` (default today).
    204 when the move took the stay to a ward the person does not work in."""

    class InputSerializer(serializers.Serializer[Any]):
        seng = serializers.UUIDField()
        dato = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={200: OppholdDetaljSerializer, 204: None})
    def post(self, request: Request, opphold_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        svc.opphold_transfer(
            actor=request_ansatt(request),
            opphold_id=opphold_id,
            seng_id=data.validated_data["seng"],
            dato=data.validated_data["dato"],
        )
        return _opphold_response(request, opphold_id)


class OppholdFravarApi(ApiBase):
    """Record leave (permisjon) or a hospital stay within the active stay."""

    class InputSerializer(serializers.Serializer[Any]):
        type = serializers.ChoiceField(choices=Fravarstype.choices)
        fra = serializers.DateField()
        til = serializers.DateField(required=False, allow_null=True, default=None)
        merknad = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={201: FravarSerializer})
    def post(self, request: Request, opphold_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fravar = svc.fravar_create(
            actor=request_ansatt(request), opphold_id=opphold_id, **data.validated_data
        )
        return Response(FravarSerializer(fravar).data, status=201)


class FravarSluttApi(ApiBase):
    """The resident is back from leave or hospital (on `dato`, default today)."""

    @extend_schema(request=DatoSerializer, responses={200: FravarSerializer})
    def post(self, request: Request, fravar_id: uuid.UUID) -> Response:
        data = DatoSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fravar = svc.fravar_end(
            actor=request_ansatt(request), fravar_id=fravar_id, til=data.validated_data["dato"]
        )
        return Response(FravarSerializer(fravar).data)


class _EndApi(ApiBase):
    @staticmethod
    def _end(request: Request, opphold_id: uuid.UUID, service: Any) -> Response:
        data = DatoSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        opphold = service(
            actor=request_ansatt(request), opphold_id=opphold_id, dato=data.validated_data["dato"]
        )
        return Response(OppholdSerializer(opphold).data)


class OppholdUtskrivApi(_EndApi):
    """Discharge on `dato` (today or earlier): the bed is free from that day."""

    @extend_schema(request=DatoSerializer, responses={200: OppholdSerializer})
    def post(self, request: Request, opphold_id: uuid.UUID) -> Response:
        return self._end(request, opphold_id, svc.opphold_discharge)


class OppholdDodsfallApi(_EndApi):
    """The resident died on `dato`: the stay ends that day with the date of death."""

    @extend_schema(request=DatoSerializer, responses={200: OppholdSerializer})
    def post(self, request: Request, opphold_id: uuid.UUID) -> Response:
        return self._end(request, opphold_id, svc.opphold_death)


class OppholdAnnullerApi(ApiBase):
    """Annul a reservation; the bed is free again."""

    @extend_schema(request=None, responses={200: OppholdSerializer})
    def post(self, request: Request, opphold_id: uuid.UUID) -> Response:
        opphold = svc.opphold_cancel(actor=request_ansatt(request), opphold_id=opphold_id)
        return Response(OppholdSerializer(opphold).data)


class VentelisteApi(ApiBase):
    """GET: the waiting list for long-term places (priority, then application date).
    POST: put a patient the acting ward has access to on it."""

    class InputSerializer(serializers.Serializer[Any]):
        pasient = serializers.UUIDField(required=False, allow_null=True, default=None)
        identifikator = serializers.CharField(required=False, allow_blank=True, default="")
        prioritet = serializers.ChoiceField(choices=Prioritet.choices, default=Prioritet.MIDDELS)
        soknadsdato = serializers.DateField(required=False, allow_null=True, default=None)
        vedtaksdato = serializers.DateField(required=False, allow_null=True, default=None)
        merknad = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        parameters=[OpenApiParameter("side", int)],
        responses=_side_schema("VentelisteSide", VentelisteSerializer(many=True)),
    )
    def get(self, request: Request) -> Response:
        side = sel.venteliste_list(
            actor=request_ansatt(request), side=side_parse(request.query_params.get("side"))
        )
        return side_response(request, side, VentelisteSerializer(side.items, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: VentelisteSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        venteliste = svc.venteliste_create(
            actor=request_ansatt(request), pasient_id=d.pop("pasient"), **d
        )
        return Response(VentelisteSerializer(venteliste).data, status=201)


class VentelisteFjernApi(ApiBase):
    """Take a patient off the waiting list without a stay."""

    @extend_schema(request=None, responses={200: VentelisteSerializer})
    def post(self, request: Request, venteliste_id: uuid.UUID) -> Response:
        venteliste = svc.venteliste_remove(
            actor=request_ansatt(request), venteliste_id=venteliste_id
        )
        return Response(VentelisteSerializer(venteliste).data)


class OppgaveSerializer(serializers.Serializer[Any]):
    """One occurrence on the ward's task list with its tick (null while not ticked)."""

    periode = serializers.CharField()
    pasient = serializers.UUIDField(source="pasient_id")
    pasient_navn = serializers.CharField()
    rom = serializers.CharField()
    fravar = serializers.CharField()
    tiltak = serializers.UUIDField(source="tiltak_id")
    dato = serializers.DateField()
    tidspunkt = serializers.TimeField(allow_null=True, format="%H:%M")
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
                "utfort_at": serializers.DateTimeField(),
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
            "utfort_at": serializers.DateTimeField().to_representation(k.utfort_at),
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
                "dato": serializers.DateField(),
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
        dato = serializers.DateField()
        tidspunkt = serializers.TimeField(required=False, allow_null=True, default=None)
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
