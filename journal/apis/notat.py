"""The notes API: list, search, create, read, save the draft, sign, correct, feilregistrer,
countersign and history. Same services and selectors as the pages, so the same rules hold."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.api.fields import DatoTidField
from core.api.pagination import side_parse, side_response
from core.decorators import request_ansatt
from core.models import Ansatt
from journal.selectors import (
    Notatvisning,
    journalnotat_get,
    journalnotat_historikk,
    journalnotat_search,
    journalnotater_for_pasient,
    notattyper_list,
)
from journal.selectors.notat import Notatrad
from journal.services import (
    journalnotat_correct_start,
    journalnotat_countersign,
    journalnotat_create,
    journalnotat_draft_save,
    journalnotat_invalidate,
    journalnotat_sign,
)
from journal.services.notat import (
    MAX_GRUNN,
    MAX_SEKSJON,
    innhold_ordered,
    notattype_overskrifter,
)

KONFLIKT = OpenApiResponse(
    response=inline_serializer(
        "NotatKonflikt",
        {"detail": serializers.CharField(), "lasversjon": serializers.IntegerField()},
    ),
    description="Notatet er endret siden det ble lest (lasversjon). Ingenting er lagret.",
)
# Countersigning compares signed versions, so its conflict names the current `versjon`.
KONFLIKT_VERSJON = OpenApiResponse(
    response=inline_serializer(
        "NotatVersjonKonflikt",
        {"detail": serializers.CharField(), "versjon": serializers.IntegerField()},
    ),
    description="En nyere versjon er signert siden du leste notatet. Ingenting er lagret.",
)


@extend_schema_serializer(component_name="NotatPerson")
class PersonSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    navn = serializers.CharField()
    yrke = serializers.CharField()


def _person(ansatt: Ansatt | None) -> dict[str, Any] | None:
    if ansatt is None:
        return None
    return {"id": ansatt.pk, "navn": str(ansatt), "yrke": ansatt.yrke}


class JournalnotatSerializer(serializers.Serializer[Any]):
    """One note as the reader may see it. `signert` is the version everyone sees; `utkast`
    is only present for the person writing the draft (a new note or a correction)."""

    @extend_schema_serializer(component_name="JournalnotatType")
    class TypeSerializer(serializers.Serializer[Any]):
        id = serializers.UUIDField()
        kode = serializers.CharField()
        navn = serializers.CharField()

    @extend_schema_serializer(component_name="JournalnotatVersjon")
    class VersjonSerializer(serializers.Serializer[Any]):
        nummer = serializers.IntegerField()
        tittel = serializers.CharField()
        innhold = serializers.DictField(child=serializers.CharField())
        signert_av = PersonSerializer()
        signert_at = DatoTidField()
        korrigeringsgrunn = serializers.CharField()

    @extend_schema_serializer(component_name="JournalnotatUtkast")
    class UtkastSerializer(serializers.Serializer[Any]):
        tittel = serializers.CharField()
        innhold = serializers.DictField(child=serializers.CharField())
        korrigeringsgrunn = serializers.CharField()

    @extend_schema_serializer(component_name="JournalnotatHendelse")
    class HendelseSerializer(serializers.Serializer[Any]):
        av = PersonSerializer()
        at = DatoTidField()
        grunn = serializers.CharField(required=False)

    @extend_schema_serializer(component_name="JournalnotatHandlinger")
    class HandlingerSerializer(serializers.Serializer[Any]):
        lagre = serializers.BooleanField()
        signere = serializers.BooleanField()
        korrigere = serializers.BooleanField()
        feilregistrere = serializers.BooleanField()
        kontrasignere = serializers.BooleanField()

    id = serializers.UUIDField()
    pasient_id = serializers.UUIDField()
    type = TypeSerializer()
    status = serializers.CharField()
    dokumentert_tid = DatoTidField()
    forfatter = PersonSerializer()
    lasversjon = serializers.IntegerField()
    signert = VersjonSerializer(allow_null=True)
    utkast = UtkastSerializer(allow_null=True)
    krever_kontrasignering = serializers.BooleanField()
    kontrasignert = HendelseSerializer(allow_null=True)
    feilregistrert = HendelseSerializer(allow_null=True)
    handlinger = HandlingerSerializer()


def journalnotat_data(visning: Notatvisning) -> Any:
    n, v = visning.notat, visning.versjon
    h = visning.handlinger
    data = {
        "id": n.pk,
        "pasient_id": n.pasient_id,
        "type": {"id": n.type.pk, "kode": n.type.kode, "navn": n.type.navn},
        "status": n.status,
        "dokumentert_tid": n.dokumentert_tid,
        "forfatter": _person(n.forfatter),
        "lasversjon": n.lasversjon,
        "signert": None
        if v is None
        else {
            "nummer": v.nummer,
            "tittel": v.tittel,
            "innhold": visning.innhold,
            "signert_av": _person(v.signert_av),
            "signert_at": v.signert_at,
            "korrigeringsgrunn": v.korrigeringsgrunn,
        },
        "utkast": None
        if visning.utkast is None
        else {
            "tittel": n.tittel,
            "innhold": visning.utkast,
            "korrigeringsgrunn": n.korrigeringsgrunn,
        },
        "krever_kontrasignering": n.krever_kontrasignering,
        "kontrasignert": None
        if n.kontrasignert_at is None
        else {"av": _person(n.kontrasignert_av), "at": n.kontrasignert_at},
        "feilregistrert": None
        if n.feilregistrert_at is None
        else {
            "av": _person(n.feilregistrert_av),
            "at": n.feilregistrert_at,
            "grunn": n.feilregistrert_grunn,
        },
        "handlinger": {
            "lagre": h.lagre,
            "signere": h.signere,
            "korrigere": h.korrigere,
            "feilregistrere": h.feilregistrere,
            "kontrasignere": h.kontrasignere,
        },
    }
    return JournalnotatSerializer(data).data


def _reread(request: Request, pasient_id: uuid.UUID, notat_id: uuid.UUID) -> Any:
    visning = journalnotat_get(
        actor=request_ansatt(request), notat_id=notat_id, pasient_id=pasient_id
    )
    return journalnotat_data(visning)


def _innhold_field(**kwargs: Any) -> serializers.DictField:
    return serializers.DictField(
        child=serializers.CharField(
            allow_blank=True, trim_whitespace=False, max_length=MAX_SEKSJON
        ),
        help_text="Overskrift → tekst (overskriftene til notattypen).",
        **kwargs,
    )


class JournalnotatCollectionApi(ApiBase):
    """GET lists the patient's notes (newest first, paged); POST starts a draft."""

    @extend_schema_serializer(component_name="JournalnotatListerad")
    class ListOutputSerializer(serializers.Serializer[Any]):
        """A note in the list; a note the patient has blocked shows only `sperret`."""

        sperret = serializers.BooleanField()
        id = serializers.UUIDField(required=False)
        tittel = serializers.CharField(required=False)
        type = serializers.CharField(required=False)
        status = serializers.CharField(required=False)
        dokumentert_tid = DatoTidField(required=False)
        forfatter = serializers.CharField(required=False)
        versjon = serializers.IntegerField(required=False)
        signert_at = DatoTidField(required=False, allow_null=True)
        eget_utkast = serializers.BooleanField(required=False)
        venter_kontrasignering = serializers.BooleanField(required=False)

    @extend_schema_serializer(component_name="JournalnotatCreateInput")
    class CreateInputSerializer(serializers.Serializer[Any]):
        type_id = serializers.UUIDField()
        tittel = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
        innhold = _innhold_field(required=False, default=dict)
        dokumentert_tid = DatoTidField(required=False, default=None)

    @staticmethod
    def _row(rad: Notatrad) -> dict[str, Any]:
        if rad.sperret:
            return {"sperret": True}
        n = rad.notat
        return {
            "sperret": False,
            "id": n.pk,
            "tittel": rad.tittel,
            "type": n.type.kode,
            "status": n.status,
            "dokumentert_tid": n.dokumentert_tid,
            "forfatter": str(n.forfatter),
            "versjon": n.gjeldende_versjon,
            "signert_at": rad.signert_at,
            "eget_utkast": rad.eget_utkast,
            "venter_kontrasignering": rad.venter_kontrasignering,
        }

    @extend_schema(
        operation_id="journalnotat_list",
        parameters=[OpenApiParameter("side", int)],
        responses=inline_serializer(
            "JournalnotatSide",
            {
                "side": serializers.IntegerField(),
                "neste": serializers.URLField(allow_null=True),
                "forrige": serializers.URLField(allow_null=True),
                "resultater": ListOutputSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request, pasient_id: uuid.UUID) -> Response:
        liste = journalnotater_for_pasient(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            side=side_parse(request.query_params.get("side")),
        )
        rows = [self._row(r) for r in liste.rader]
        return side_response(request, liste.side, self.ListOutputSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="journalnotat_create",
        request=CreateInputSerializer,
        responses={201: JournalnotatSerializer},
    )
    def post(self, request: Request, pasient_id: uuid.UUID) -> Response:
        data = self.CreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notat = journalnotat_create(
            actor=request_ansatt(request), pasient_id=pasient_id, **data.validated_data
        )
        return Response(_reread(request, pasient_id, notat.pk), status=201)


class JournalnotatSearchApi(ApiBase):
    """Full-text search (Norwegian) in the patient's signed notes, best match first."""

    @extend_schema_serializer(component_name="JournalnotatSokerad")
    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.UUIDField()
        tittel = serializers.CharField()
        type = serializers.CharField()
        status = serializers.CharField()
        dokumentert_tid = DatoTidField()
        versjon = serializers.IntegerField()
        signert_at = DatoTidField()
        utdrag = serializers.CharField(help_text="HTML: escaped text, hits in <mark>.")

    @extend_schema(
        operation_id="journalnotat_search",
        parameters=[
            OpenApiParameter("q", str, required=True, description='Søk: ord, "frase", -utelat, or'),
            OpenApiParameter("side", int),
        ],
        responses=inline_serializer(
            "JournalnotatSokSide",
            {
                "side": serializers.IntegerField(),
                "neste": serializers.URLField(allow_null=True),
                "forrige": serializers.URLField(allow_null=True),
                "resultater": OutputSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request, pasient_id: uuid.UUID) -> Response:
        sok = journalnotat_search(
            actor=request_ansatt(request),
            pasient_id=pasient_id,
            q=request.query_params.get("q", ""),
            side=side_parse(request.query_params.get("side")),
        )
        rows = [
            {
                "id": r.versjon.notat_id,
                "tittel": r.versjon.tittel,
                "type": r.versjon.notat.type.kode,
                "status": r.versjon.notat.status,
                "dokumentert_tid": r.versjon.notat.dokumentert_tid,
                "versjon": r.versjon.nummer,
                "signert_at": r.versjon.signert_at,
                "utdrag": str(r.utdrag),
            }
            for r in sok.rader
        ]
        return side_response(request, sok.side, self.OutputSerializer(rows, many=True).data)


class JournalnotatDetailApi(ApiBase):
    """GET reads one note (audited); PATCH saves the caller's draft (optimistic locking)."""

    @extend_schema_serializer(component_name="JournalnotatDraftInput")
    class DraftInputSerializer(serializers.Serializer[Any]):
        lasversjon = serializers.IntegerField(min_value=0, help_text="Fra siste lesing.")
        tittel = serializers.CharField(max_length=200, required=False, allow_blank=True)
        innhold = _innhold_field(required=False)

    @extend_schema(operation_id="journalnotat_retrieve", responses=JournalnotatSerializer)
    def get(self, request: Request, pasient_id: uuid.UUID, notat_id: uuid.UUID) -> Response:
        return Response(_reread(request, pasient_id, notat_id))

    @extend_schema(
        operation_id="journalnotat_draft_save",
        request=DraftInputSerializer,
        responses={200: JournalnotatSerializer, 409: KONFLIKT},
    )
    def patch(self, request: Request, pasient_id: uuid.UUID, notat_id: uuid.UUID) -> Response:
        return _note_action(
            request, pasient_id, notat_id, journalnotat_draft_save, self.DraftInputSerializer
        )


class JournalnotatSignApi(ApiBase):
    """Sign the caller's draft as a new version (title and sections may be sent to save and
    sign in one step)."""

    @extend_schema_serializer(component_name="JournalnotatSignInput")
    class InputSerializer(serializers.Serializer[Any]):
        lasversjon = serializers.IntegerField(min_value=0)
        tittel = serializers.CharField(max_length=200, required=False, allow_blank=True)
        innhold = _innhold_field(required=False)

    @extend_schema(
        operation_id="journalnotat_sign",
        request=InputSerializer,
        responses={200: JournalnotatSerializer, 409: KONFLIKT},
    )
    def post(self, request: Request, pasient_id: uuid.UUID, notat_id: uuid.UUID) -> Response:
        return _note_action(request, pasient_id, notat_id, journalnotat_sign, self.InputSerializer)


@extend_schema_serializer(component_name="JournalnotatGrunnInput")
class GrunnInputSerializer(serializers.Serializer[Any]):
    grunn = serializers.CharField(
        max_length=MAX_GRUNN,
        error_messages={
            "blank": "Skriv en begrunnelse.",
            "required": "Skriv en begrunnelse.",
            "max_length": "Begrunnelsen kan være høyst 500 tegn.",
        },
    )
    lasversjon = serializers.IntegerField(min_value=0, required=False, default=None)


def _note_action(
    request: Request,
    pasient_id: uuid.UUID,
    notat_id: uuid.UUID,
    service: Callable[..., Any],
    serializer: type[serializers.Serializer[Any]],
) -> Response:
    """Validate the input, call one note service as the caller, answer with the note re-read."""
    data = serializer(data=request.data)
    data.is_valid(raise_exception=True)
    service(
        actor=request_ansatt(request),
        pasient_id=pasient_id,
        notat_id=notat_id,
        **data.validated_data,
    )
    return Response(_reread(request, pasient_id, notat_id))


class JournalnotatCorrectApi(ApiBase):
    """Start a correction: the signed content becomes the caller's draft (reason required)."""

    @extend_schema(
        operation_id="journalnotat_correct",
        request=GrunnInputSerializer,
        responses={200: JournalnotatSerializer, 409: KONFLIKT},
    )
    def post(self, request: Request, pasient_id: uuid.UUID, notat_id: uuid.UUID) -> Response:
        return _note_action(
            request, pasient_id, notat_id, journalnotat_correct_start, GrunnInputSerializer
        )


class JournalnotatFeilregistrerApi(ApiBase):
    """Mark a signed note as wrong; nothing is deleted (reason required)."""

    @extend_schema(
        operation_id="journalnotat_feilregistrer",
        request=GrunnInputSerializer,
        responses={200: JournalnotatSerializer, 409: KONFLIKT},
    )
    def post(self, request: Request, pasient_id: uuid.UUID, notat_id: uuid.UUID) -> Response:
        return _note_action(
            request, pasient_id, notat_id, journalnotat_invalidate, GrunnInputSerializer
        )


class JournalnotatCountersignApi(ApiBase):
    """Countersign a note signed by someone without authorisation."""

    @extend_schema_serializer(component_name="JournalnotatCountersignInput")
    class InputSerializer(serializers.Serializer[Any]):
        versjon = serializers.IntegerField(
            min_value=1, required=False, default=None, help_text="Versjonen du har lest."
        )

    @extend_schema(
        operation_id="journalnotat_countersign",
        request=InputSerializer,
        responses={200: JournalnotatSerializer, 409: KONFLIKT_VERSJON},
    )
    def post(self, request: Request, pasient_id: uuid.UUID, notat_id: uuid.UUID) -> Response:
        return _note_action(
            request, pasient_id, notat_id, journalnotat_countersign, self.InputSerializer
        )


class JournalnotatHistorikkApi(ApiBase):
    """Every signed version, newest first, with line changes against the one before."""

    @extend_schema_serializer(component_name="JournalnotatVersjonsrad")
    class OutputSerializer(serializers.Serializer[Any]):
        @extend_schema_serializer(component_name="JournalnotatDifflinje")
        class DifflinjeSerializer(serializers.Serializer[Any]):
            type = serializers.ChoiceField(choices=["lik", "ny", "fjernet"])
            tekst = serializers.CharField()

        nummer = serializers.IntegerField()
        tittel = serializers.CharField()
        innhold = serializers.DictField(child=serializers.CharField())
        signert_av = PersonSerializer()
        signert_at = DatoTidField()
        korrigeringsgrunn = serializers.CharField()
        endringer = DifflinjeSerializer(many=True, allow_null=True)

    @extend_schema(operation_id="journalnotat_historikk", responses=OutputSerializer(many=True))
    def get(self, request: Request, pasient_id: uuid.UUID, notat_id: uuid.UUID) -> Response:
        notat, rader = journalnotat_historikk(
            actor=request_ansatt(request), notat_id=notat_id, pasient_id=pasient_id
        )
        rows = [
            {
                "nummer": r.versjon.nummer,
                "tittel": r.versjon.tittel,
                "innhold": innhold_ordered(r.versjon.innhold, notat.type),
                "signert_av": _person(r.versjon.signert_av),
                "signert_at": r.versjon.signert_at,
                "korrigeringsgrunn": r.versjon.korrigeringsgrunn,
                "endringer": None
                if r.endringer is None
                else [{"type": d.type, "tekst": d.tekst} for d in r.endringer],
            }
            for r in rader
        ]
        return Response(self.OutputSerializer(rows, many=True).data)


class NotattypeListApi(ApiBase):
    """Note types offered in the acting unit, with their headings (no patient data)."""

    @extend_schema_serializer(component_name="Notattype")
    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.UUIDField()
        kode = serializers.CharField()
        navn = serializers.CharField()
        overskrifter = serializers.ListField(child=serializers.CharField())

    @extend_schema(operation_id="notattype_list", responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = [
            {"id": t.pk, "kode": t.kode, "navn": t.navn, "overskrifter": notattype_overskrifter(t)}
            for t in notattyper_list(actor=request_ansatt(request))
        ]
        return Response(self.OutputSerializer(rows, many=True).data)
