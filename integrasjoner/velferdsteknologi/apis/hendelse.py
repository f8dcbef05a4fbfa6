"""API: inbound events from sending systems (HMAC-signed)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
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
    avsender_refused_audit,
    hendelse_receive,
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
            raise exceptions.AuthenticationFailed(_("Ukjent eller manglende API-nøkkel."))
        stamp = request.headers.get(TIDSPUNKT_HEADER, "")
        try:
            skew = abs(time.time() - int(stamp))
        except ValueError:
            skew = float("inf")
        if skew > settings.VELFERDSTEKNOLOGI_SIGNATUR_TOLERANSE:
            avsender_refused_audit(avsender=avsender, grunn="tidspunkt")
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
            avsender_refused_audit(avsender=avsender, grunn="signatur")
            raise exceptions.AuthenticationFailed(_("Signaturen stemmer ikke med innholdet."))
        return avsender.systembruker, avsender


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
