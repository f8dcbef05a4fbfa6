"""Coarse gating for HTML views: logged in and acting in a unit (fine-grained: journal.access)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse

from core.middleware import acting_get
from core.models import Ansatt

View = Callable[..., HttpResponseBase]


def _redirect(request: HttpRequest, url: str) -> HttpResponseBase:
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def staff_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            target = request.get_full_path()
            if request.headers.get("HX-Request"):
                target = request.headers.get("HX-Current-URL", target)
            login = reverse("core:login")
            return _redirect(request, f"{login}?{urlencode({'next': target})}")
        if acting_get(request) is None:
            return _redirect(request, reverse("core:enhet_velg"))
        return view(request, *args, **kwargs)

    return wrapper


def request_ansatt(request: HttpRequest) -> Ansatt:
    """The logged-in staff member of a request that has passed staff_required / IsAuthenticated."""
    user = request.user
    if not isinstance(user, Ansatt):
        raise PermissionDenied
    return user
