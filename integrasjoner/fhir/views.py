"""The FHIR REST surface: GET /fhir/metadata, /fhir/<type>?<search>, /fhir/<type>/<id>.

Token auth and the acting unit (X-Enhet) as for /api/v1/ (core.api.base.ApiBase); every
answer is application/fhir+json, and every error an OperationOutcome in Norwegian."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from fhir.resources.R4B import get_fhir_model_class
from rest_framework import exceptions as drf_exceptions
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiBase
from core.context import context_update
from core.decorators import request_ansatt
from core.exceptions import ApplicationError, NotFound
from core.klokke import naa
from integrasjoner.fhir.lib.kapabilitet import capability_statement, operation_outcome, searchset
from integrasjoner.fhir.lib.parametre import UgyldigParameter
from integrasjoner.fhir.selectors import REGISTER, fhir_read, fhir_search, ressurs_get

FHIR_JSON = "application/fhir+json"


FHIR_XML = "application/fhir+xml"
JSON_FORMATER = ("json", "application/json", FHIR_JSON)
XML_FORMATER = ("xml", "text/xml", "application/xml", FHIR_XML)


class FhirJsonRenderer(JSONRenderer):
    media_type = FHIR_JSON
    format = "fhir"


class FhirXmlRenderer(BaseRenderer):
    """FHIR XML, written by fhir.resources from the same resource (every resource the
    server returns validates with it: tests/integrasjoner/fhir)."""

    media_type = FHIR_XML
    format = "xml"
    charset = None

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if not isinstance(data, dict) or "resourceType" not in data:
            data = operation_outcome(str(data), kode="processing")
        model = get_fhir_model_class(data["resourceType"])
        xml: str | bytes = model.model_validate(data).model_dump_xml()
        return xml.encode() if isinstance(xml, str) else xml


def _outcome(status: int, tekst: str, kode: str) -> Response:
    return Response(operation_outcome(tekst, kode=kode), status=status, content_type=FHIR_JSON)


class FhirBase(ApiBase):
    renderer_classes = [FhirJsonRenderer, JSONRenderer, FhirXmlRenderer]
    schema = None  # not part of the /api/v1/ OpenAPI schema: /fhir/metadata describes it

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        context_update(kanal="fhir")
        super().initial(request, *args, **kwargs)

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[BaseRenderer, str]:
        """`_format` (FHIR's own parameter) before the Accept header; JSON by default."""
        fmt = request.query_params.get("_format", "").strip()
        if fmt in XML_FORMATER:
            return FhirXmlRenderer(), FHIR_XML
        if fmt in JSON_FORMATER:
            return FhirJsonRenderer(), FHIR_JSON
        if fmt:
            if not force:
                raise UgyldigFormat(_("_format må være json eller xml."))
            return FhirJsonRenderer(), FHIR_JSON
        try:
            return super().perform_content_negotiation(request, force)
        except drf_exceptions.NotAcceptable:
            if force:
                return FhirJsonRenderer(), FHIR_JSON
            raise UgyldigFormat(_("Svaret kan bare gis som FHIR JSON eller FHIR XML.")) from None

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, drf_exceptions.NotAuthenticated | drf_exceptions.AuthenticationFailed):
            response = _outcome(401, str(exc.detail), "login")
            response["WWW-Authenticate"] = "Token"
            return response
        if isinstance(exc, UgyldigFormat):
            return _outcome(406, str(exc), "not-supported")
        if isinstance(exc, NotFound | drf_exceptions.NotFound):
            return _outcome(
                404,
                str(getattr(exc, "message", "")) or _("Fant ikke det du lette etter."),
                "not-found",
            )
        if isinstance(exc, UgyldigParameter):
            return _outcome(400, str(exc), "invalid")
        if isinstance(exc, ApplicationError):
            kode = "forbidden" if exc.status_code == 403 else "invalid"
            return _outcome(exc.status_code, str(exc.message), kode)
        if isinstance(exc, drf_exceptions.APIException):
            return _outcome(exc.status_code, str(exc.detail), "processing")
        return super().handle_exception(exc)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response):
            media = (
                FHIR_XML if isinstance(request.accepted_renderer, FhirXmlRenderer) else FHIR_JSON
            )
            response["Content-Type"] = f"{media}; charset=utf-8"
        return response


class UgyldigFormat(ValueError):
    """A _format the server does not speak."""


class MetadataApi(FhirBase):
    """The CapabilityStatement, made from the route registry (open, as FHIR clients expect)."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    acting_required = False

    def get(self, request: Request) -> Response:
        statement = capability_statement(
            [r.beskrivelse() for r in REGISTER.values()],
            base=request.build_absolute_uri("/fhir/"),
            dato=naa().isoformat(),
            programvare=getattr(settings, "KJ_PROGRAMVARE", "Kommunejournal"),
        )
        return Response(statement)


class SoekApi(FhirBase):
    """GET /fhir/<type>?…: a searchset Bundle, with paging links and _include."""

    def get(self, request: Request, ressurstype: str) -> Response:
        ressurs = ressurs_get(ressurstype)
        params = {k: request.query_params.getlist(k) for k in request.query_params}
        result = fhir_search(ressurs=ressurs, actor=request_ansatt(request), params=params)
        base = request.build_absolute_uri("/fhir/")

        def lenke(side: int) -> str:
            query = request.query_params.copy()
            query["side"] = str(side)
            query["_count"] = str(result.antall)
            return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

        lenker = [("self", lenke(result.side))]
        if result.har_neste:
            lenker.append(("next", lenke(result.side + 1)))
        if result.side > 1:
            lenker.append(("previous", lenke(result.side - 1)))
        return Response(
            searchset(
                [(base + ref, res) for ref, res in result.treff],
                [(base + ref, res) for ref, res in result.inkludert],
                lenker,
            )
        )


class LesApi(FhirBase):
    """GET /fhir/<type>/<id>: one resource; the same 404 for missing and not allowed."""

    def get(self, request: Request, ressurstype: str, ressurs_id: str) -> Response:
        ressurs = ressurs_get(ressurstype)
        try:
            resource = fhir_read(
                ressurs=ressurs, actor=request_ansatt(request), ressurs_id=ressurs_id
            )
        except UgyldigParameter as exc:  # an id that cannot exist
            raise NotFound from exc
        return Response(resource)


class UkjentApi(FhirBase):
    """Any other path under /fhir/: an OperationOutcome, never an HTML page."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    acting_required = False

    def get(self, request: Request, rest: str = "") -> Response:
        raise NotFound(_("Ressurstypen eller adressen finnes ikke på denne FHIR-serveren."))

    post = put = patch = delete = get
