"""What every app's HTML views share: call a service, and turn its domain error into form
errors or a Norwegian message, so a view is back to validate → call → render.

    form = NotatForm(request.POST)
    if form.is_valid():
        utfall = service_call(lambda: journalnotat_create(actor=..., ...), form=form)
        if utfall.ok:
            return redirect(...)
    return render(request, "...", {"form": form, "error": utfall.error}, status=400)

A `NotFound` or `Forbidden` is never turned into a message: it goes on to the ordinary
404 / 403 page (core.views.application_error), so "missing" and "not yours" stay the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.validators import validate_dato_rekkevidde

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a service call gave: its value, or the error shown to the user."""

    value: T | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def validation_messages(exc: ValidationError) -> str:
    """All messages of a ValidationError as one Norwegian sentence list."""
    if hasattr(exc, "error_dict"):
        return " ".join(str(m) for ms in exc.message_dict.values() for m in ms)
    return " ".join(str(m) for m in exc.messages)


def form_errors_add(form: BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the field exists."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.error_dict.items():  # ValidationErrors: their codes are kept
        form.add_error(field if field in form.fields else None, errors)


def service_call(call: Callable[[], T], *, form: BaseForm | None = None) -> Outcome[T]:
    """Run `call`. A ValidationError goes onto `form` (when given); any other domain error
    becomes `Outcome.error`. 403 and 404 are re-raised for the ordinary error pages."""
    try:
        return Outcome(value=call())
    except ValidationError as exc:
        if form is not None:
            form_errors_add(form, exc)
        return Outcome(error=validation_messages(exc) or "-")
    except ApplicationError as exc:
        if exc.status_code in (403, 404):
            raise
        message = str(exc.message)
        if form is not None:
            form.add_error(None, message)
        return Outcome(error=message or "-")


def service_action(
    request: HttpRequest, call: Callable[[], object], *, ok: str, redirect_to: str
) -> HttpResponse:
    """A POST action (button): run the service, show success or the error as a message,
    and go back to `redirect_to` (post/redirect/get)."""
    outcome = service_call(call)
    if outcome.ok:
        messages.success(request, ok)
    else:
        messages.error(request, outcome.error)
    return HttpResponseRedirect(redirect_to)


def query_dato(value: str | None) -> dt.date | None:
    """A date from the query string (ISO), within DATO_MIN–DATO_MAKS; None when absent.
    Anything else is a Norwegian 400 (ApplicationError), never a date overflow later."""
    if not value:
        return None
    try:
        dato = dt.date.fromisoformat(value)
    except ValueError:
        raise ApplicationError(_("Ugyldig dato. Bruk formatet ÅÅÅÅ-MM-DD.")) from None
    try:
        validate_dato_rekkevidde(dato)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from None
    return dato
