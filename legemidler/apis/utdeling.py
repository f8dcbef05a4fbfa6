"""API of the administration round: the round list, signing, the second signature,
corrections, PRN doses and their effect, and the missed-dose list.

An administration is shaped so FHIR MedicationAdministration maps from it: `status`
(completed / not-done / in-progress while waiting for the second signature), `subject`,
`request` (the order), `effective`, `dose`, `route`, `performer` (performer and verifier),
`status_reason`, `note`, plus `forfall` (the scheduled moment, null for PRN)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.pagination import side_response, side_schema
from core.decorators import request_ansatt
from legemidler import selectors as sel
from legemidler import services as svc
from legemidler.models import (
    Administrasjon,
    AdministrasjonKilde,
    AdministrasjonStatus,
    Dosevarsel,
    IkkeGittGrunn,
)


def fhir_status(a: Administrasjon) -> str:
    if a.status == AdministrasjonStatus.IKKE_GITT:
        return "not-done"
    return "in-progress" if a.venter_kontroll else "completed"


def _person(ansatt: Any, funksjon: str) -> dict[str, Any]:
    return {
        "id": str(ansatt.pk),
        "navn": ansatt.get_full_name() or ansatt.username,
        "hpr": ansatt.hpr_nummer or "",
        "funksjon": funksjon,
    }


class AdministrasjonSerializer(serializers.Serializer[Any]):
    """One administration (FHIR MedicationAdministration)."""

    id = serializers.UUIDField()
    status = serializers.SerializerMethodField()
    registrering = serializers.CharField(source="status")
    subject = serializers.UUIDField(source="pasient_id")
    request = serializers.UUIDField(source="forordning_id")
    forfall = serializers.DateTimeField(source="forfall_at", allow_null=True)
    effective = serializers.DateTimeField(source="gitt_at")
    dose = serializers.SerializerMethodField()
    planlagt_dose = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    status_reason = serializers.CharField(source="grunn")
    forsinket = serializers.BooleanField()
    note = serializers.CharField(source="merknad")
    behov_grunn = serializers.CharField()
    effekt_forfall = serializers.DateTimeField(source="effekt_forfall_at", allow_null=True)
    krever_dobbel = serializers.BooleanField()
    performer = serializers.SerializerMethodField()
    korrigerer = serializers.UUIDField(source="korrigerer_id", allow_null=True)
    korreksjonsgrunn = serializers.CharField()
    kilde = serializers.ChoiceField(choices=AdministrasjonKilde.choices)

    def get_status(self, obj: Administrasjon) -> str:
        return fhir_status(obj)

    def get_dose(self, obj: Administrasjon) -> dict[str, Any] | None:
        if obj.dose is None:
            return None
        return {"value": str(obj.dose.normalize()), "unit": obj.dose_enhet}

    def get_performer(self, obj: Administrasjon) -> list[dict[str, Any]]:
        folk = [_person(obj.signert_av, "performer")]
        if obj.kontrollert_av is not None:
            folk.append(_person(obj.kontrollert_av, "verifier"))
        return folk


def _tid(value: Any) -> str | None:
    return None if value is None else serializers.DateTimeField().to_representation(value)


def _desimal(value: Any) -> str | None:
    return None if value is None else f"{value:.4f}"


def administrasjon_data(a: Administrasjon) -> dict[str, Any]:
    """AdministrasjonSerializer's output, built directly: a list of a hundred doses is read
    on every round, and a DRF serializer per row costs more than the database."""
    performer = [_person(a.signert_av, "performer")]
    if a.kontrollert_av is not None:
        performer.append(_person(a.kontrollert_av, "verifier"))
    return {
        "id": str(a.pk),
        "status": fhir_status(a),
        "registrering": a.status,
        "subject": str(a.pasient_id),
        "request": str(a.forordning_id),
        "forfall": _tid(a.forfall_at),
        "effective": _tid(a.gitt_at),
        "dose": None
        if a.dose is None
        else {"value": str(a.dose.normalize()), "unit": a.dose_enhet},
        "planlagt_dose": _desimal(a.planlagt_dose),
        "status_reason": a.grunn,
        "forsinket": a.forsinket,
        "note": a.merknad,
        "behov_grunn": a.behov_grunn,
        "effekt_forfall": _tid(a.effekt_forfall_at),
        "krever_dobbel": a.krever_dobbel,
        "performer": performer,
        "korrigerer": str(a.korrigerer_id) if a.korrigerer_id else None,
        "korreksjonsgrunn": a.korreksjonsgrunn,
        "kilde": a.kilde,
    }


def doserad_data(d: sel.Doserad) -> dict[str, Any]:
    """DoseradSerializer's output, built directly (see administrasjon_data)."""
    o = d.forordning
    return {
        "pasient": str(o.pasient_id),
        "forordning": str(o.pk),
        "legemiddel": o.legemiddel_navn,
        "route": o.administrasjonsvei,
        "forfall": _tid(d.forfall),
        "planlagt_dose": _desimal(d.planlagt_dose),
        "dose_enhet": o.dose_enhet,
        "krever_dobbel": d.krever_dobbel,
        "tilstand": d.status,
        "administrasjon": administrasjon_data(d.administrasjon) if d.administrasjon else None,
    }


class DoseradSerializer(serializers.Serializer[Any]):
    """A dose due in the round (or a PRN dose given) with the administration that stands."""

    pasient = serializers.UUIDField(source="pasient_id")
    forordning = serializers.UUIDField(source="forordning.pk")
    legemiddel = serializers.CharField(source="forordning.legemiddel_navn")
    route = serializers.CharField(source="forordning.administrasjonsvei")
    forfall = serializers.DateTimeField(allow_null=True)
    planlagt_dose = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    dose_enhet = serializers.CharField(source="forordning.dose_enhet")
    krever_dobbel = serializers.BooleanField()
    tilstand = serializers.CharField(source="status")
    administrasjon = AdministrasjonSerializer(allow_null=True)


class RundeListApi(ApiBase):
    """The round list of the unit the person acts in: every dose due in the round (default
    the one going on now) for the patients the unit may see, with what was signed.
    Audited per patient."""

    @extend_schema(
        parameters=[
            OpenApiParameter("dato", OpenApiTypes.DATE, description="Dagen runden starter"),
            OpenApiParameter("runde", str, description="morgen, middag, kveld, natt …"),
        ],
        responses=inline_serializer(
            "Rundeliste",
            {
                "enhet": serializers.UUIDField(),
                "dato": serializers.DateField(),
                "runde": serializers.CharField(),
                "fra": serializers.DateTimeField(),
                "til": serializers.DateTimeField(),
                "kan_signere": serializers.BooleanField(),
                "doser": DoseradSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        dato = serializers.DateField(required=False, allow_null=True).run_validation(
            request.query_params.get("dato") or None
        )
        liste = sel.runde_list(
            actor=request_ansatt(request),
            dato=dato,
            runde=request.query_params.get("runde", ""),
        )
        return Response(
            {
                "enhet": liste.enhet.pk,
                "dato": liste.dato,
                "runde": liste.runde.kode,
                "fra": liste.fra,
                "til": liste.til,
                "kan_signere": liste.kan_signere,
                "doser": [doserad_data(d) for p in liste.pasienter for d in p.doser],
            }
        )


class AdministrasjonCreateApi(ApiBase):
    """Sign one due dose: `gitt`, `gitt_annen_dose` (with `dose`) or `ikke_gitt` (with
    `grunn`). 404 alike for a missing order and another unit's patient; 400 with who signed
    and when for a dose already signed."""

    class InputSerializer(serializers.Serializer[Any]):
        forordning = serializers.UUIDField()
        forfall = serializers.DateTimeField()
        status = serializers.ChoiceField(choices=AdministrasjonStatus.choices)
        dose = serializers.DecimalField(
            max_digits=12, decimal_places=4, required=False, allow_null=True, default=None
        )
        grunn = serializers.ChoiceField(
            choices=IkkeGittGrunn.choices, required=False, allow_blank=True, default=""
        )
        merknad = serializers.CharField(required=False, allow_blank=True, default="")
        effective = serializers.DateTimeField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: AdministrasjonSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        a = svc.dose_sign(
            actor=request_ansatt(request),
            forordning_id=d["forordning"],
            forfall_at=d["forfall"],
            status=d["status"],
            dose=d["dose"],
            grunn=d["grunn"],
            merknad=d["merknad"],
            gitt_at=d["effective"],
            kilde=AdministrasjonKilde.API,
        )
        return Response(administrasjon_data(a), status=201)


class AdministrasjonCosignApi(ApiBase):
    """The second signature (verifier) of a dose that needs double signing; a different
    person than the one who gave it."""

    @extend_schema(request=None, responses={200: AdministrasjonSerializer})
    def post(self, request: Request, administrasjon_id: str) -> Response:
        a = svc.dose_cosign(actor=request_ansatt(request), administrasjon_id=administrasjon_id)
        return Response(administrasjon_data(a))


class AdministrasjonCorrectApi(ApiBase):
    """Correct an administration: a new one with the reason, pointing at the old."""

    class InputSerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(choices=AdministrasjonStatus.choices)
        dose = serializers.DecimalField(
            max_digits=12, decimal_places=4, required=False, allow_null=True, default=None
        )
        grunn = serializers.ChoiceField(
            choices=IkkeGittGrunn.choices, required=False, allow_blank=True, default=""
        )
        korreksjonsgrunn = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={201: AdministrasjonSerializer})
    def post(self, request: Request, administrasjon_id: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        a = svc.administrasjon_correct(
            actor=request_ansatt(request),
            administrasjon_id=administrasjon_id,
            status=d["status"],
            dose=d["dose"],
            grunn=d["grunn"],
            korreksjonsgrunn=d["korreksjonsgrunn"],
        )
        return Response(administrasjon_data(a), status=201)


class BehovsdoseCreateApi(ApiBase):
    """Give a PRN dose with its reason; refused (400) beyond the order's limits."""

    class InputSerializer(serializers.Serializer[Any]):
        behov_grunn = serializers.CharField()
        dose = serializers.DecimalField(
            max_digits=12, decimal_places=4, required=False, allow_null=True, default=None
        )
        merknad = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={201: AdministrasjonSerializer})
    def post(self, request: Request, forordning_id: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        a = svc.behov_give(
            actor=request_ansatt(request),
            forordning_id=forordning_id,
            behov_grunn=d["behov_grunn"],
            dose=d["dose"],
            merknad=d["merknad"],
            kilde=AdministrasjonKilde.API,
        )
        return Response(administrasjon_data(a), status=201)


class EffektCreateApi(ApiBase):
    """Evaluate the effect of a PRN dose."""

    class InputSerializer(serializers.Serializer[Any]):
        tekst = serializers.CharField()

    @extend_schema(
        request=InputSerializer,
        responses={201: inline_serializer("Effekt", {"tekst": serializers.CharField()})},
    )
    def post(self, request: Request, administrasjon_id: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = svc.effekt_evaluate(
            actor=request_ansatt(request),
            administrasjon_id=administrasjon_id,
            tekst=data.validated_data["tekst"],
        )
        return Response({"tekst": v.tekst}, status=201)


class DosevarselSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    pasient = serializers.UUIDField(source="pasient_id")
    kilde = serializers.CharField()
    forordning = serializers.UUIDField(source="forordning_id", allow_null=True)
    forfall = serializers.DateTimeField(source="forfall_at", allow_null=True)
    tekst = serializers.CharField()
    oppdaget = serializers.DateTimeField(source="oppdaget_at")
    lukket = serializers.DateTimeField(source="lukket_at", allow_null=True)
    tiltak = serializers.CharField()


class DosevarselListApi(ApiBase):
    """The unit's missed-dose flags (open by default; `vis=lukket` for closed), paginated."""

    @extend_schema(
        parameters=[
            OpenApiParameter("vis", str, enum=["aapne", "lukket"]),
            OpenApiParameter("side", int),
        ],
        responses=side_schema("DosevarselSide", DosevarselSerializer()),
    )
    def get(self, request: Request) -> Response:
        side = serializers.IntegerField(min_value=1, required=False).run_validation(
            request.query_params.get("side") or 1
        )
        page = sel.dosevarsel_list(
            actor=request_ansatt(request),
            aapne=request.query_params.get("vis") != "lukket",
            side=side,
        )
        return side_response(request, page, DosevarselSerializer(page.items, many=True).data)


class DosevarselCloseApi(ApiBase):
    """Close a missed-dose flag with what was done."""

    class InputSerializer(serializers.Serializer[Any]):
        tiltak = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={200: DosevarselSerializer})
    def post(self, request: Request, dosevarsel_id: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v: Dosevarsel = svc.dosevarsel_close(
            actor=request_ansatt(request),
            dosevarsel_id=dosevarsel_id,
            tiltak=data.validated_data["tiltak"],
        )
        return Response(DosevarselSerializer(v).data)
