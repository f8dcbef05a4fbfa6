from __future__ import annotations

import json
import sys
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import login, logout
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.acting import SESSION_KEY, tilknytninger_active
from core.decorators import request_ansatt, staff_required
from core.exceptions import ApplicationError, for_stor_melding
from core.forms import LoginForm
from core.middleware import acting_get
from core.models import Action
from core.selectors import roller_matrise
from core.services import (
    ansatt_enhet_select,
    ansatt_login,
    ansatt_logout,
    rolle_rettigheter_set,
)
from core.web import service_call


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        outcome = service_call(lambda: ansatt_login(**form.cleaned_data))
        if outcome.ok and outcome.value is not None:
            login(request, outcome.value, backend="django.contrib.auth.backends.ModelBackend")
            return HttpResponseRedirect(_safe_next(request, reverse("core:hjem")))
        error = outcome.error
    context = {
        "form": form,
        "error": error,
        "next": _safe_next(request, ""),
        "session_expired": bool(request.GET.get("next")) and request.method == "GET",
    }
    return render(request, "core/login.html", context, status=400 if error else 200)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        ansatt_logout(ansatt=request_ansatt(request))
    logout(request)
    return HttpResponseRedirect(reverse("core:login"))


@require_http_methods(["GET", "POST"])
def enhet_velg(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("core:login"))
    error = ""
    if request.method == "POST":
        outcome = service_call(
            lambda: ansatt_enhet_select(
                ansatt=request_ansatt(request), enhet_id=request.POST.get("enhet", "")
            )
        )
        if outcome.ok and outcome.value is not None:
            request.session[SESSION_KEY] = str(outcome.value.enhet.pk)
            return HttpResponseRedirect(_safe_next(request, reverse("core:hjem")))
        error = outcome.error
    tilknytninger = tilknytninger_active(ansatt=request_ansatt(request))
    return render(
        request,
        "core/enhet_velg.html",
        {"tilknytninger": tilknytninger, "error": error},
        status=400 if error else 200,
    )


@require_GET
def hjem(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(reverse("journal:pasient_soek"))


def _check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True}
    except DatabaseError:
        return {"ok": False, "feil": _("Databasen svarer ikke.")}


def _check_redis() -> dict[str, Any]:
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1).ping()
        return {"ok": True}
    except redis.RedisError:
        return {"ok": False, "feil": _("Redis svarer ikke.")}


def _check_celery() -> dict[str, Any]:
    from celery import current_app

    try:
        replies = current_app.control.ping(timeout=1.0) or []
    except Exception:
        replies = []
    workers = sorted(name for reply in replies for name in reply)
    if not workers:
        return {"ok": False, "arbeidere": [], "feil": _("Ingen Celery-arbeidere svarer.")}
    return {"ok": True, "arbeidere": workers}


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    started = time.monotonic()
    database = _check_database()
    redis_state = _check_redis()
    celery_state = (
        _check_celery()
        if redis_state["ok"]
        else {"ok": False, "arbeidere": [], "feil": _("Kan ikke nå arbeidere uten Redis.")}
    )
    ok = database["ok"] and redis_state["ok"] and celery_state["ok"]
    if not (request.user.is_authenticated and request.user.is_staff):
        # Without an operator's login: only up or down (no worker names, no error texts).
        return JsonResponse({"status": "ok" if ok else "feil"}, status=200 if ok else 503)
    body = {
        "status": "ok" if ok else "feil",
        "database": database,
        "redis": redis_state,
        "celery": celery_state,
        "ms": round((time.monotonic() - started) * 1000, 1),
    }
    return JsonResponse(body, status=200 if ok else 503)


# Error pages: Norwegian, JSON under /api/, never a stack trace.


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith(("/api/", "/health/")):
        return HttpResponse(
            json.dumps({"detail": message}), status=status, content_type="application/json"
        )
    template = loader.get_template("error.html")
    return HttpResponse(
        template.render({"status": status, "title": title, "message": message}), status=status
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return _error(request, 400, _("For stor forespørsel"), for_stor_melding())
    return _error(request, 400, _("Ugyldig forespørsel"), _("Forespørselen kunne ikke behandles."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, _("Ingen tilgang"), _("Du har ikke tilgang til denne siden."))


def application_error(request: HttpRequest, exception: ApplicationError) -> HttpResponse:
    return _error(
        request, exception.status_code, _("Kunne ikke utføre handlingen"), str(exception.message)
    )


@csrf_exempt
def api_not_found(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    """Any /api/ address no route takes (also an id that is not a UUID): the JSON 404,
    as a view so that DEBUG's HTML page for unmatched addresses never answers an API client."""
    return page_not_found(request)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        404,
        _("Fant ikke siden"),
        _("Fant ikke det du lette etter. Sjekk adressen, eller søk på nytt."),
    )


def uri_too_long(request: HttpRequest) -> HttpResponse:
    return _error(
        request,
        414,
        _("Adressen er for lang"),
        _(
            "Søket eller adressen er for lang. Skriv et kortere søk, for eksempel navn, "
            "fødselsnummer eller fødselsdato (høyst 200 tegn)."
        ),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    exc = sys.exc_info()[1]
    if isinstance(exc, DatabaseError):
        return _error(
            request,
            503,
            _("Databasen er ikke tilgjengelig"),
            _("Systemet får ikke kontakt med databasen. Ingenting er lagret. Prøv igjen om litt."),
        )
    return _error(
        request,
        500,
        _("Noe gikk galt"),
        _(
            "Det oppstod en feil hos oss. Ingenting er lagret. Prøv igjen, "
            "og kontakt brukerstøtte hvis feilen gjentar seg."
        ),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        _("Skjemaet er utløpt"),
        _(
            "Sikkerhetsnøkkelen for skjemaet mangler eller er utløpt. "
            "Last siden på nytt og prøv igjen."
        ),
    )


@require_http_methods(["GET", "POST"])
@staff_required
def roller(request: HttpRequest) -> HttpResponse:
    """Roles × rights matrix for administrators, with the change history."""
    acting = acting_get(request)
    if acting is None or not acting.can(Action.ADMIN):
        return permission_denied(request)
    error = ""
    if request.method == "POST":
        outcome = service_call(
            lambda: rolle_rettigheter_set(
                actor=request_ansatt(request),
                rolle_id=request.POST.get("rolle", ""),
                actions=set(request.POST.getlist("rettighet")),
            )
        )
        if outcome.ok:
            return HttpResponseRedirect(reverse("core:roller"))
        error = outcome.error
    return render(
        request,
        "core/roller.html",
        {**roller_matrise(), "error": error},
        status=400 if error else 200,
    )
