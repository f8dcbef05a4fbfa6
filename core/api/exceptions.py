"""The one translator from domain errors to API responses (Norwegian, never a stack trace)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import ApplicationError, NotFound, for_stor_melding


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        # Django answers these with its own page (an HTML one when DEBUG is on)
        return Response({"detail": str(for_stor_melding())}, status=413)
    if isinstance(exc, NotFound | Http404 | drf_exceptions.NotFound):
        return Response({"detail": _("Fant ikke det du lette etter.")}, status=404)
    if isinstance(exc, ApplicationError):
        return Response({"detail": str(exc.message), **exc.extra}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = drf_exceptions.ValidationError(detail=as_serializer_error(exc))
    if isinstance(exc, drf_exceptions.PermissionDenied) and "CSRF" in str(exc.detail):
        exc = drf_exceptions.PermissionDenied(
            _("Sikkerhetsnøkkelen (CSRF) mangler eller er utløpt. Last siden på nytt.")
        )
    return drf_exception_handler(exc, context)
