"""API for care plans (tiltaksplan) and the task-list interface (tiltak occurrences).

Same services and selectors as the pages, so the same access rules, 404s and audit rows.
"""

from __future__ import annotations

import uuid
from typing import Any

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
from core.api.fields import DatoField, KlokkeslettField
from core.api.pagination import side_parse, side_response
from core.decorators import request_ansatt
from core.exceptions import NotFound
from core.klokke import idag
from core.middleware import acting_get
from journal.lib.timeplan import Timeplan
from journal.models import Behov, Evaluering, Frekvens, Maal, Tiltak, Tiltaksplan
from journal.selectors.tiltaksplan import (
    Planvisning,
    Tiltakvisning,
    evalueringer_for_plan,
    tiltak_forekomster,
    tiltaksplan_get,
    tiltaksplaner_for_pasient,
)
from journal.services.tiltaksplan import (
    behov_add,
    behov_resolve,
    evaluering_add,
    maal_achieve,
    maal_add,
    tiltak_add,
    tiltak_change,
    tiltak_end,
    tiltaksplan_close,
    tiltaksplan_create,
    tiltaksplan_ip_set,
)

# --- output ----------------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer[Tiltaksplan]):
    koordinator_navn = serializers.SerializerMethodField()

    class Meta:
        model = Tiltaksplan
        fields = [
            "id",
            "status",
            "gyldig_fra",
            "gyldig_til",
            "individuell_plan",
            "koordinator",
            "koordinator_navn",
            "enhet",
            "opprettet_av",
            "avsluttet_grunn",
        ]

    def get_koordinator_navn(self, obj: Tiltaksplan) -> str | None:
        return str(obj.koordinator) if obj.koordinator_id else None


class MaalSerializer(serializers.ModelSerializer[Maal]):
    class Meta:
        model = Maal
        fields = ["id", "behov", "tekst", "maldato", "status", "naadd_at"]


class TiltakSerializer(serializers.ModelSerializer[Tiltak]):
    tidspunkter = serializers.ListField(child=KlokkeslettField())
    ansvarlig_enhet_navn = serializers.CharField(source="ansvarlig_enhet.navn")
    timeplan_tekst = serializers.SerializerMethodField()

    class Meta:
        model = Tiltak
        fields = [
            "id",
            "behov",
            "tekst",
            "ansvarlig_enhet",
            "ansvarlig_enhet_navn",
            "frekvens",
            "intervall",
            "ukedager",
            "tidspunkter",
            "varighet_min",
            "timeplan_tekst",
            "start_dato",
            "slutt_dato",
            "status",
            "forrige",
        ]

    def get_timeplan_tekst(self, obj: Tiltak) -> str:
        """The schedule in Norwegian words, e.g. "Man, ons, fre kl. 08:00 og 20:00, 15 min"."""
        return Tiltakvisning(obj, idag()).timeplan_tekst


class BehovSerializer(serializers.ModelSerializer[Behov]):
    kode = serializers.SerializerMethodField()

    class Meta:
        model = Behov
        fields = ["id", "tekst", "kode", "kode_fri", "status", "loest_at"]

    def get_kode(self, obj: Behov) -> str | None:
        return f"{obj.kode.kodeverk} {obj.kode.kode}" if obj.kode_id and obj.kode else None


class EvalueringSerializer(serializers.ModelSerializer[Evaluering]):
    forfatter_navn = serializers.CharField(source="forfatter.__str__")

    class Meta:
        model = Evaluering
        fields = ["id", "maal", "tiltak", "dato", "tekst", "forfatter", "forfatter_navn"]


PlanDetailSerializer = inline_serializer(
    "TiltaksplanDetalj",
    {
        "plan": PlanSerializer(),
        "behov": BehovSerializer(many=True),
        "maal": MaalSerializer(many=True),
        "tiltak": TiltakSerializer(many=True, help_text="Gjeldende (i dag eller senere)"),
        "tidligere_tiltak": TiltakSerializer(many=True, help_text="Avsluttede og erstattede"),
    },
)


def _plan_data(p: Planvisning) -> dict[str, Any]:
    return {
        "plan": PlanSerializer(p.plan).data,
        "behov": BehovSerializer([b.behov for b in p.behov], many=True).data,
        "maal": MaalSerializer(p.alle_maal, many=True).data,
        "tiltak": TiltakSerializer([t.tiltak for t in p.alle_tiltak], many=True).data,
        "tidligere_tiltak": TiltakSerializer(p.tidligere, many=True).data,
    }


def _plan_response(
    request: Request, pasient_id: uuid.UUID, plan_id: uuid.UUID, status: int = 200
) -> Response:
    p = tiltaksplan_get(actor=request_ansatt(request), pasient_id=pasient_id, plan_id=plan_id)
    if p is None:  # pragma: no cover - a plan id that was just written exists
        raise NotFound
    return Response(_plan_data(p), status=status)


# --- input -----------------------------------------------------------------------------------


class TimeplanInput(serializers.Serializer[Any]):
    tekst = serializers.CharField(max_length=500)
    ansvarlig_enhet = serializers.UUIDField()
    frekvens = serializers.ChoiceField(choices=Frekvens.choices, default=Frekvens.DAGLIG)
    intervall = serializers.IntegerField(default=1)
    ukedager = serializers.ListField(child=serializers.IntegerField(), default=list)
    tidspunkter = serializers.ListField(child=KlokkeslettField(), default=list, help_text="HH:MM")
    varighet_min = serializers.IntegerField(default=15)
    slutt_dato = DatoField(required=False, allow_null=True, default=None)

    def timeplan(self) -> Timeplan:
        d = self.validated_data
        return Timeplan(
            frekvens=d["frekvens"],
            intervall=d["intervall"],
            ukedager=tuple(d["ukedager"]),
            tidspunkter=tuple(d["tidspunkter"]),
            varighet_min=d["varighet_min"],
        )


# --- plans -----------------------------------------------------------------------------------


class TiltaksplanCollectionApi(ApiBase):
    """GET: the patient's plans, newest first (paged). POST: start a plan (400 while another
    is active; an individual plan needs `koordinator`). 404 for missing and not allowed alike."""

    class InputSerializer(serializers.Serializer[Any]):
        gyldig_fra = DatoField(required=False, allow_null=True, default=None)
        individuell_plan = serializers.BooleanField(default=False)
        koordinator = serializers.UUIDField(required=False, allow_null=True, default=None)

    @extend_schema(
        parameters=[OpenApiParameter("side", int)],
        responses=inline_serializer(
            "TiltaksplanSide",
            {
                "side": serializers.IntegerField(),
                "neste": serializers.URLField(allow_null=True),
                "forrige": serializers.URLField(allow_null=True),
                "resultater": PlanSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request, pasient_id: uuid.UUID) -> Response:
        _pasient, side = tiltaksplaner_for_pasient(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            side=side_parse(request.query_params.get("side")),
        )
        return side_response(request, side, PlanSerializer(side.items, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: PlanDetailSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        plan = tiltaksplan_create(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            gyldig_fra=d["gyldig_fra"],
            individuell_plan=d["individuell_plan"],
            koordinator_id=d["koordinator"],
        )
        return _plan_response(request, pasient_id, plan.pk, status=201)


class TiltaksplanDetailApi(ApiBase):
    """One plan: problems, goals, current tiltak with schedules, and earlier versions."""

    @extend_schema(responses=PlanDetailSerializer)
    def get(self, request: Request, pasient_id: uuid.UUID, plan_id: uuid.UUID) -> Response:
        return _plan_response(request, pasient_id, plan_id)


class TiltaksplanAvsluttApi(ApiBase):
    """Close the plan today; its running tiltak end today."""

    class InputSerializer(serializers.Serializer[Any]):
        grunn = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=PlanDetailSerializer)
    def post(self, request: Request, pasient_id: uuid.UUID, plan_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tiltaksplan_close(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            plan_id=plan_id,
            grunn=data.validated_data["grunn"],
        )
        return _plan_response(request, pasient_id, plan_id)


class TiltaksplanIpApi(ApiBase):
    """Set or unset the individual plan flag; `koordinator` is required when set."""

    class InputSerializer(serializers.Serializer[Any]):
        individuell_plan = serializers.BooleanField()
        koordinator = serializers.UUIDField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses=PlanDetailSerializer)
    def post(self, request: Request, pasient_id: uuid.UUID, plan_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tiltaksplan_ip_set(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            plan_id=plan_id,
            individuell_plan=data.validated_data["individuell_plan"],
            koordinator_id=data.validated_data["koordinator"],
        )
        return _plan_response(request, pasient_id, plan_id)


# --- problems and goals ----------------------------------------------------------------------


class BehovCreateApi(ApiBase):
    """Add a problem/need to the plan, with an optional code (`kode` id) or free code."""

    class InputSerializer(serializers.Serializer[Any]):
        tekst = serializers.CharField(max_length=500)
        kode = serializers.UUIDField(required=False, allow_null=True, default=None)
        kode_fri = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={201: BehovSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID, plan_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        behov = behov_add(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            plan_id=plan_id,
            tekst=d["tekst"],
            kode_id=d["kode"],
            kode_fri=d["kode_fri"],
        )
        return Response(BehovSerializer(behov).data, status=201)


class BehovLosApi(ApiBase):
    """Mark a problem as resolved (its running tiltak end today)."""

    @extend_schema(request=None, responses=BehovSerializer)
    def post(self, request: Request, pasient_id: uuid.UUID, behov_id: uuid.UUID) -> Response:
        behov = behov_resolve(
            actor=request_ansatt(request), pasient_id=pasient_id, behov_id=behov_id
        )
        return Response(BehovSerializer(behov).data)


class MaalCreateApi(ApiBase):
    """Add a goal to a problem."""

    class InputSerializer(serializers.Serializer[Any]):
        tekst = serializers.CharField(max_length=500)
        maldato = DatoField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: MaalSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID, behov_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        maal = maal_add(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            behov_id=behov_id,
            **data.validated_data,
        )
        return Response(MaalSerializer(maal).data, status=201)


class MaalNaaddApi(ApiBase):
    """Mark a goal as achieved."""

    @extend_schema(request=None, responses=MaalSerializer)
    def post(self, request: Request, pasient_id: uuid.UUID, maal_id: uuid.UUID) -> Response:
        maal = maal_achieve(actor=request_ansatt(request), pasient_id=pasient_id, maal_id=maal_id)
        return Response(MaalSerializer(maal).data)


# --- tiltak ----------------------------------------------------------------------------------


class TiltakCreateApi(ApiBase):
    """Add a scheduled tiltak. `ukedager` are ISO weekdays (1 = Monday), `tidspunkter`
    times of day; `frekvens` daglig (every `intervall` days), ukentlig (the weekdays of
    every `intervall`-th week) or ved_behov."""

    class InputSerializer(TimeplanInput):
        behov = serializers.UUIDField(required=False, allow_null=True, default=None)
        start_dato = DatoField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: TiltakSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID, plan_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        tiltak = tiltak_add(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            plan_id=plan_id,
            tekst=d["tekst"],
            ansvarlig_enhet_id=d["ansvarlig_enhet"],
            timeplan=data.timeplan(),
            start_dato=d["start_dato"],
            slutt_dato=d["slutt_dato"],
            behov_id=d["behov"],
        )
        return Response(TiltakSerializer(tiltak).data, status=201)


class TiltakEndreApi(ApiBase):
    """Change a tiltak from `fra` (today or later): the old version ends the day before
    and the new version (returned) starts on `fra`."""

    class InputSerializer(TimeplanInput):
        fra = DatoField()

    @extend_schema(request=InputSerializer, responses={201: TiltakSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID, tiltak_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        tiltak = tiltak_change(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            tiltak_id=tiltak_id,
            fra=d["fra"],
            tekst=d["tekst"],
            ansvarlig_enhet_id=d["ansvarlig_enhet"],
            timeplan=data.timeplan(),
            slutt_dato=d["slutt_dato"],
        )
        return Response(TiltakSerializer(tiltak).data, status=201)


class TiltakAvsluttApi(ApiBase):
    """End a tiltak after `slutt_dato` (default today; yesterday at the earliest)."""

    class InputSerializer(serializers.Serializer[Any]):
        slutt_dato = DatoField(required=False, allow_null=True, default=None)
        grunn = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=TiltakSerializer)
    def post(self, request: Request, pasient_id: uuid.UUID, tiltak_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tiltak = tiltak_end(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            tiltak_id=tiltak_id,
            **data.validated_data,
        )
        return Response(TiltakSerializer(tiltak).data)


# --- evaluations -----------------------------------------------------------------------------


class EvalueringCollectionApi(ApiBase):
    """GET: the plan's evaluations, newest first (paged). POST: evaluate one goal (`maal`)
    or one tiltak (`tiltak`)."""

    class InputSerializer(serializers.Serializer[Any]):
        maal = serializers.UUIDField(required=False, allow_null=True, default=None)
        tiltak = serializers.UUIDField(required=False, allow_null=True, default=None)
        tekst = serializers.CharField(max_length=4000)
        dato = DatoField(required=False, allow_null=True, default=None)

    @extend_schema(
        parameters=[OpenApiParameter("side", int)],
        responses=inline_serializer(
            "EvalueringSide",
            {
                "side": serializers.IntegerField(),
                "neste": serializers.URLField(allow_null=True),
                "forrige": serializers.URLField(allow_null=True),
                "resultater": EvalueringSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request, pasient_id: uuid.UUID, plan_id: uuid.UUID) -> Response:
        side = evalueringer_for_plan(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            plan_id=plan_id,
            side=side_parse(request.query_params.get("side")),
        )
        return side_response(request, side, EvalueringSerializer(side.items, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: EvalueringSerializer})
    def post(self, request: Request, pasient_id: uuid.UUID, plan_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        evaluering = evaluering_add(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            maal_id=d["maal"],
            tiltak_id=d["tiltak"],
            tekst=d["tekst"],
            dato=d["dato"],
            plan_id=plan_id,
        )
        return Response(EvalueringSerializer(evaluering).data, status=201)


# --- the task-list interface -----------------------------------------------------------------


class ForekomstSerializer(serializers.Serializer[Any]):
    pasient_id = serializers.UUIDField()
    pasient_navn = serializers.CharField()
    tiltak_id = serializers.UUIDField()
    dato = DatoField()
    tidspunkt = KlokkeslettField(allow_null=True)
    varighet_min = serializers.IntegerField()
    tekst = serializers.CharField()
    enhet_id = serializers.UUIDField()


class TiltakForekomsterApi(ApiBase):
    """The occurrences of the scheduled tiltak a unit is responsible for, day by day
    (at most 92 days), for the patients the caller may see from the acting unit. `enhet`
    defaults to the acting unit and may be repeated. Audited per patient listed."""

    class FilterSerializer(serializers.Serializer[Any]):
        enhet = serializers.ListField(child=serializers.UUIDField(), required=False)
        fra = DatoField(required=False)
        til = DatoField(required=False)

    @extend_schema(
        parameters=[
            OpenApiParameter("enhet", OpenApiTypes.UUID, many=True, description="Ansvarlig enhet"),
            OpenApiParameter("fra", OpenApiTypes.DATE, description="Fra og med (standard i dag)"),
            OpenApiParameter("til", OpenApiTypes.DATE, description="Til og med (standard = fra)"),
        ],
        responses={
            200: ForekomstSerializer(many=True),
            400: OpenApiResponse(description="Ugyldig periode"),
        },
    )
    def get(self, request: Request) -> Response:
        filter_ = self.FilterSerializer(
            data={
                "enhet": request.query_params.getlist("enhet"),
                **{k: request.query_params[k] for k in ("fra", "til") if k in request.query_params},
            }
        )
        filter_.is_valid(raise_exception=True)
        acting = acting_get(request)
        enheter = filter_.validated_data.get("enhet") or ([acting.enhet.pk] if acting else [])
        fra = filter_.validated_data.get("fra") or idag()
        til = filter_.validated_data.get("til") or fra
        forekomster = tiltak_forekomster(
            actor=request_ansatt(request), enhet_ids=enheter, fra=fra, til=til
        )
        return Response(ForekomstSerializer(forekomster, many=True).data)
