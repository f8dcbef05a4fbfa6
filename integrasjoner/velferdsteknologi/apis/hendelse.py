"""API: inbound events from sending systems (HMAC-signed)."""

from __future__ import annotations

import hashlib
import re
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from integrasjoner.velferdsteknologi.lib.signatur import (
    NOKKEL_HEADER,
    SIGNATUR_HEADER,
    TIDSPUNKT_HEADER,
    signatur_valid,
)
from integrasjoner.velferdsteknologi.models import Avsendersystem
from integrasjoner.velferdsteknologi.schemas import HendelseInnSerializer
from integrasjoner.velferdsteknologi.services import (
    MAKS_BATCH,
    avsender_refused_audit,
    hendelse_receive,
    hendelser_receive,
)


class AvsenderAuthentication(BaseAuthentication):
    """A sending system: API key id, timestamp and HMAC-SHA256 signature over the body
    (integrasjoner/velferdsteknologi/lib/signatur.py). Every failure is a 401 in Norwegian."""

    def authenticate_header(self, request: Request) -> str:
        return 'HMAC-SHA256 realm="velferdsteknologi"'

    def authenticate(self, request: Request) -> tuple[Any, Avsendersystem]:
        nokkel_id = request.headers.get(NOKKEL_HEADER, "")
        avsender = (
            Avsendersystem.objects.select_related("systembruker")
            .filter(nokkel_id=nokkel_id, aktiv=True)
            .first()
            if nokkel_id
            else None
        )
        if avsender is None:
            _refusal_count(request, nokkel_id="")
            raise exceptions.AuthenticationFailed(_("Ukjent eller manglende API-nøkkel."))
        stamp = request.headers.get(TIDSPUNKT_HEADER, "")
        if stamp and not TIDSPUNKT_FORM.fullmatch(stamp):
            _refused(request, avsender, "tidspunkt")
            raise exceptions.ParseError(
                _("%(h)s må være Unix-tid i hele sekunder (høyst 12 siffer).")
                % {"h": TIDSPUNKT_HEADER}
            )
        skew = abs(time.time() - int(stamp)) if stamp else float("inf")
        if skew > settings.VELFERDSTEKNOLOGI_SIGNATUR_TOLERANSE:
            _refused(request, avsender, "tidspunkt")
            raise exceptions.AuthenticationFailed(
                _(
                    "Tidsstempelet (%(h)s) mangler eller avviker mer enn %(s)d sekunder fra "
                    "klokken vår. Signer forespørselen på nytt."
                )
                % {"h": TIDSPUNKT_HEADER, "s": settings.VELFERDSTEKNOLOGI_SIGNATUR_TOLERANSE}
            )
        signatur = request.headers.get(SIGNATUR_HEADER, "")
        if not signatur_valid(
            hemmelighet=avsender.hemmelighet, tidspunkt=stamp, body=request.body, signatur=signatur
        ):
            _refused(request, avsender, "signatur")
            raise exceptions.AuthenticationFailed(_("Signaturen stemmer ikke med innholdet."))
        return avsender.systembruker, avsender


# Refused calls (unknown key, bad signature or timestamp) per key id, or per address for
# unknown keys, in a window: beyond the limit they are answered 429 and no longer written
# to the audit log, so nobody can flood it with forged requests. Valid calls never count.
AVVIST_MAKS = 20
AVVIST_VINDU_S = 60
TIDSPUNKT_FORM = re.compile(r"\d{1,12}")


class ForMangeAvviste(exceptions.APIException):
    status_code = 429
    default_code = "throttled"
    wait = AVVIST_VINDU_S  # DRF sends it as Retry-After


def _refusal_count(request: Request, *, nokkel_id: str) -> int:
    """Count one refused call; raises 429 once past the limit (nothing more is written)."""
    who = nokkel_id or f"ip:{request.META.get('REMOTE_ADDR', '')}"
    key = f"vft:avvist:{hashlib.sha256(who.encode()).hexdigest()[:32]}"
    cache.add(key, 0, timeout=AVVIST_VINDU_S)
    try:
        count = int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=AVVIST_VINDU_S)
        count = 1
    if count > AVVIST_MAKS:
        raise ForMangeAvviste(
            _("For mange avviste forespørsler. Vent %(s)d sekunder og prøv igjen.")
            % {"s": AVVIST_VINDU_S}
        )
    return count


def _refused(request: Request, avsender: Avsendersystem, grunn: str) -> None:
    """A refused call for a known key: audited, until the limit is passed."""
    _refusal_count(request, nokkel_id=avsender.nokkel_id)
    avsender_refused_audit(avsender=avsender, grunn=grunn)


class AvsenderAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = AvsenderAuthentication
    name = "avsenderHmac"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": NOKKEL_HEADER,
            "description": (
                f"API-nøkkel i {NOKKEL_HEADER}, Unix-tid i {TIDSPUNKT_HEADER} og "
                f'{SIGNATUR_HEADER}: "sha256=" + hex HMAC-SHA256(hemmelighet, '
                f'"<{TIDSPUNKT_HEADER}>." + rå body).'
            ),
        }


class HendelseCreateApi(APIView):
    """POST /api/v1/velferdsteknologi/hendelser/ — an alarm or measurement from a sender."""

    authentication_classes = [AvsenderAuthentication]
    permission_classes: list[Any] = []

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.UUIDField()
        hendelse_id = serializers.CharField(source="ekstern_id")
        status = serializers.CharField()
        parkert_grunn = serializers.CharField()
        duplikat = serializers.BooleanField()

    @extend_schema(
        operation_id="velferdsteknologi_hendelse_create",
        tags=["velferdsteknologi"],
        summary="Motta en hendelse (alarm eller måling) fra et avsendersystem",
        description=(
            "Alarmer (trygghetsalarm, fall, dør, medisindispenser) havner i responssenteret; "
            "målinger (blodtrykk, SpO₂, vekt, blodsukker) blir målinger i journalen, og "
            "verdier utenfor terskel gir alarm. En hendelse med ukjent utstyr eller pasient "
            "parkeres for manuell kobling. Samme `hendelse_id` fra samme avsender to ganger "
            "gir 200 med den opprinnelige hendelsen, aldri en kopi."
        ),
        request=HendelseInnSerializer,
        responses={
            201: OutputSerializer,
            200: OpenApiResponse(OutputSerializer, description="Duplikat: allerede mottatt."),
            400: OpenApiResponse(description="Ugyldig innhold (feil per felt)."),
            401: OpenApiResponse(description="Ukjent nøkkel, feil signatur eller tidsstempel."),
        },
    )
    def post(self, request: Request) -> Response:
        avsender = request.auth
        if not isinstance(avsender, Avsendersystem):  # pragma: no cover - the auth class
            raise exceptions.NotAuthenticated
        incoming = HendelseInnSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        hendelse, created = hendelse_receive(avsender=avsender, data=incoming.to_hendelse())
        hendelse.duplikat = not created  # type: ignore[attr-defined]
        return Response(self.OutputSerializer(hendelse).data, status=201 if created else 200)


class HendelseBatchApi(APIView):
    """POST /api/v1/velferdsteknologi/hendelser/batch/ — many events in one signed request."""

    authentication_classes = [AvsenderAuthentication]
    permission_classes: list[Any] = []

    class InputSerializer(serializers.Serializer[Any]):
        hendelser = serializers.ListField(
            child=serializers.DictField(),
            min_length=1,
            max_length=MAKS_BATCH,
            error_messages={
                "min_length": _("Send minst én hendelse."),
                "max_length": _("Høyst %(n)d hendelser per forespørsel.") % {"n": MAKS_BATCH},
            },
        )

    class OutputSerializer(serializers.Serializer[Any]):
        mottatt = serializers.IntegerField()
        duplikater = serializers.IntegerField()
        ugyldige = serializers.IntegerField()
        resultater = serializers.ListField(child=serializers.DictField())

    @extend_schema(
        operation_id="velferdsteknologi_hendelser_batch",
        tags=["velferdsteknologi"],
        summary="Motta mange hendelser i én signert forespørsel (opptil 500)",
        description=(
            "Hver hendelse har samme form som i `hendelser/`. Gyldige hendelser lagres i én "
            "transaksjon og svares `mottatt` (eller `duplikat` med den opprinneliges id); de "
            "behandles (alarm, måling, parkering) like etter av en bakgrunnsjobb, og en "
            "mottatt hendelse går aldri tapt. Ugyldige hendelser svares `ugyldig` med feil "
            "per felt og lagres ikke; de andre i forespørselen tas imot likevel."
        ),
        request=InputSerializer,
        responses={
            202: OutputSerializer,
            400: OpenApiResponse(description="Ugyldig forespørsel, eller ingen gyldige hendelser."),
            401: OpenApiResponse(description="Ukjent nøkkel, feil signatur eller tidsstempel."),
        },
    )
    def post(self, request: Request) -> Response:
        avsender = request.auth
        if not isinstance(avsender, Avsendersystem):  # pragma: no cover - the auth class
            raise exceptions.NotAuthenticated
        incoming = self.InputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        valid = []
        resultater: list[dict[str, Any]] = []
        one = HendelseInnSerializer()  # one instance validates every event
        for indeks, item in enumerate(incoming.validated_data["hendelser"]):
            try:
                valid.append((indeks, one.hendelse_from(one.run_validation(item))))
            except serializers.ValidationError as exc:
                resultater.append(
                    {
                        "indeks": indeks,
                        "hendelse_id": str(item.get("hendelse_id", ""))[:100],
                        "id": None,
                        "status": "ugyldig",
                        "feil": exc.detail,
                    }
                )
        if not valid:
            return Response(
                {"detail": _("Ingen gyldige hendelser i forespørselen."), "resultater": resultater},
                status=400,
            )
        mottak = hendelser_receive(avsender=avsender, data=[h for _i, h in valid])
        for (indeks, _h), m in zip(valid, mottak, strict=True):
            resultater.append(
                {
                    "indeks": indeks,
                    "hendelse_id": m.ekstern_id,
                    "id": str(m.id),
                    "status": "duplikat" if m.duplikat else "mottatt",
                }
            )
        resultater.sort(key=lambda r: int(r["indeks"]))
        return Response(
            {
                "mottatt": sum(1 for r in resultater if r["status"] == "mottatt"),
                "duplikater": sum(1 for r in resultater if r["status"] == "duplikat"),
                "ugyldige": sum(1 for r in resultater if r["status"] == "ugyldig"),
                "resultater": resultater,
            },
            status=202,
        )
