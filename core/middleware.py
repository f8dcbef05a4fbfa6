"""Request id, client address and acting unit for every request, kept in core.context."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from csp import middleware as csp_middleware
from django.conf import settings
from django.contrib.auth import middleware as django_auth
from django.contrib.messages import middleware as django_messages
from django.contrib.sessions import middleware as django_session
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware import csrf as django_csrf
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

from core.acting import SESSION_KEY, ActingUnit, acting_unit_resolve
from core.context import RequestContext, context_update, new_request_id, request_context
from core.exceptions import ApplicationError, NotFound
from core.klokke import klokke_holdt

_REQUEST_ID = re.compile(r"[A-Za-z0-9\-]{8,64}")
_NO_USER_PATHS = ("/health/", "/static/")


def acting_get(request: HttpRequest) -> ActingUnit | None:
    acting: ActingUnit | None = getattr(request, "acting", None)
    return acting


def acting_apply(acting: ActingUnit | None) -> None:
    if acting is not None:
        context_update(
            enhet_id=acting.enhet.pk,
            virksomhet_id=acting.enhet.virksomhet_id,
            rolle_kode=acting.rolle.kode,
            actions=acting.actions,
        )


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Our own id always; a well-formed client id is kept beside it (never instead).
        # (META, not request.headers: that builds a dictionary of every header first.)
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = new_request_id()
        kanal = "api" if request.path.startswith("/api/") else "web"
        ctx = RequestContext(
            request_id=request_id,
            ip=request.META.get("REMOTE_ADDR"),
            kanal=kanal,
            klient_request_id=incoming if _REQUEST_ID.fullmatch(incoming) else "",
        )
        # the clock's offset is read once per request (core.klokke), not at every naa()
        with request_context(ctx), klokke_holdt():
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def token_api_request(request: HttpRequest) -> bool:
    """An API request made with an API key (`Authorization: Token …` under /api/v1/).

    DRF decides such a request alone: the first authentication class
    (core.api.noekkel.ApiNoekkelAuthentication) accepts the key or answers 401 and never
    falls back to the session, and every view there is a DRF view (exempt from Django's
    CSRF check; DRF checks CSRF itself only for session logins) answering JSON. So the
    session, the CSRF cookie, the session user, flash messages and the session's acting unit
    are never used, and the Content-Security-Policy of HTML pages has nothing to govern: the
    middleware below pass such a request straight on (issue 12: per-request overhead).
    """
    known: bool | None = request.__dict__.get("_kj_token_api")
    if known is None:  # asked by six middleware on every request: decided once
        if not request.path.startswith("/api/v1/"):
            known = False
        else:
            parts = request.META.get("HTTP_AUTHORIZATION", "").split(None, 1)
            known = bool(parts) and parts[0].lower() == "token"
        request.__dict__["_kj_token_api"] = known
    return known


class _NotForTokenApi:
    """Mixin: skip this middleware for token_api_request()."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        middleware: Any = self
        if token_api_request(request):
            return middleware.get_response(request)  # type: ignore[no-any-return]
        return super().__call__(request)  # type: ignore[misc, no-any-return]


class SessionMiddleware(_NotForTokenApi, django_session.SessionMiddleware):
    """Django's, not for API-key requests (token_api_request)."""


class CsrfViewMiddleware(_NotForTokenApi, django_csrf.CsrfViewMiddleware):
    """Django's, not for API-key requests (token_api_request)."""


class AuthenticationMiddleware(_NotForTokenApi, django_auth.AuthenticationMiddleware):
    """Django's (the session user), not for API-key requests: DRF sets request.user."""


class MessageMiddleware(_NotForTokenApi, django_messages.MessageMiddleware):
    """Django's, not for API-key requests (token_api_request)."""


class CSPMiddleware(_NotForTokenApi, csp_middleware.CSPMiddleware):
    """django-csp's, on everything but API-key requests (JSON, token_api_request)."""


class ActingUnitMiddleware:
    """Resolve the unit chosen in the session; a value that is not the user's is dropped.
    API-key requests choose with X-Enhet in core.api.base.ApiBase instead."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if token_api_request(request):
            return self.get_response(request)
        request.acting = None  # type: ignore[attr-defined]
        if not request.path.startswith(_NO_USER_PATHS) and request.user.is_authenticated:
            chosen = request.session.get(SESSION_KEY)
            acting = acting_unit_resolve(ansatt=request.user, enhet_id=chosen)
            if acting is None and chosen:
                # Not (or no longer) one of the person's units: forget it, never trust it.
                del request.session[SESSION_KEY]
                acting = acting_unit_resolve(ansatt=request.user, enhet_id=None)
            if acting is not None and chosen != str(acting.enhet.pk):
                request.session[SESSION_KEY] = str(acting.enhet.pk)
            request.acting = acting  # type: ignore[attr-defined]
            acting_apply(acting)
            response = self.get_response(request)
            # Pages with patient data must not stay in browser or proxy caches.
            patch_cache_control(response, private=True, no_store=True)
            return response
        return self.get_response(request)


class ApplicationErrorMiddleware:
    """HTML views: NotFound becomes the ordinary 404 page, a missing right the 403 page,
    and any other rule broken (bad page number …) a 400 page with the Norwegian message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.DEBUG and not settings.KJ_TEKNISK_404:
            # DEBUG (make run) would answer an unknown address with Django's English page
            # listing every URL pattern; users see our Norwegian 404 in every mode. A
            # developer who wants the technical page sets KJ_TEKNISK_404 = True.
            from core import views

            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404:
                return views.page_not_found(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from core import views

        if isinstance(exception, Http404) and not settings.KJ_TEKNISK_404:
            return views.page_not_found(request)
        if isinstance(exception, NotFound):
            return views.page_not_found(request)
        if isinstance(exception, ApplicationError) and exception.status_code == 403:
            return views.permission_denied(request)
        if isinstance(exception, ApplicationError):
            return views.application_error(request, exception)
        return None


# Longest query-string value we take: a search term or a filter, never a document.
GET_VERDI_MAKS = 2000


def input_refusal(request: HttpRequest) -> str | None:
    """Why the query string or form fields of a request are refused (NUL and other control
    characters, bidi overrides, overlong query values), or None when they are fine."""
    from django.utils.translation import gettext as _

    from core.validators import STYRETEGN_MELDING, styretegn_finnes

    for key, values in request.GET.lists():
        if any(len(v) > GET_VERDI_MAKS for v in values):
            return _("En verdi i adressen er for lang (høyst %(maks)s tegn).") % {
                "maks": GET_VERDI_MAKS
            }
        if styretegn_finnes(key) or any(styretegn_finnes(v) for v in values):
            return str(STYRETEGN_MELDING)
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        for key, values in request.POST.lists():
            if styretegn_finnes(key) or any(styretegn_finnes(v) for v in values):
                return str(STYRETEGN_MELDING)
    return None


class InputGuardMiddleware:
    """Refuse input that is not text before any view sees it: a Norwegian 400 (JSON under
    /api/), never a database error. Names and short text are checked again, field by
    field, by core.validators.validate_ren_tekst."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from core import views

        reason = input_refusal(request)
        if reason is not None:
            return views.application_error(request, ApplicationError(reason))
        return self.get_response(request)


# Browser features no page of ours uses are switched off (fullscreen only for our own pages).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(self), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), "
    "screen-wake-lock=(), usb=(), xr-spatial-tracking=()"
)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; no caching of any API response (patient data,
    tokens), whoever is or is not logged in when the middleware runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path.startswith("/api/"):
            patch_cache_control(response, private=True, no_store=True)
        return response


# Longest query string a page answers (a patient search is at most 200 characters, a filtered
# list a few hundred). Longer: a Norwegian 414 instead of whatever the server in front says.
MAX_QUERY_STRING = 2048


class QueryLengthMiddleware:
    """A pasted novel in a search field gets a Norwegian answer (414), never a blank page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            from core import views

            return views.uri_too_long(request)
        return self.get_response(request)
