"""What every tildeling page does the same way: form errors from services, POST actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from core.exceptions import ApplicationError


def errors_to_form(form: forms.Form, exc: ValidationError | ApplicationError) -> None:
    """Put a service's errors on the form (per field where the form has it)."""
    if isinstance(exc, ApplicationError):
        if exc.status_code != 400:
            raise exc  # the ordinary 403 / 404 pages
        form.add_error(None, str(exc.message))
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def act(request: HttpRequest, call: Callable[[], Any], ok: str, redirect_to: str) -> HttpResponse:
    """Run a POST action's service; success or the Norwegian error as a message, then back."""
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
    except ApplicationError as exc:
        if exc.status_code in (403, 404):
            raise
        messages.error(request, str(exc.message))
    else:
        messages.success(request, ok)
    return HttpResponseRedirect(redirect_to)
