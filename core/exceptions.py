"""Domain errors. One translator per surface (core.api.exceptions, core.views) maps them to HTTP."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A rule was broken; the message is Norwegian and safe to show to the user."""

    status_code = 400

    def __init__(self, message: Any, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


def for_stor_melding() -> str:
    """The Norwegian answer to a request body over Django's upload limits."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    megabytes = round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024, 1)
    return _("Forespørselen er for stor (høyst %(mb)s MB data, %(felt)s felt).") % {
        "mb": str(megabytes).replace(".", ","),
        "felt": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
    }


class NotFound(ApplicationError):
    """Missing *or* not allowed: the two must look the same to the caller."""

    status_code = 404

    def __init__(self, message: Any = None) -> None:
        from django.utils.translation import gettext as _

        super().__init__(message or _("Fant ikke det du lette etter."))


class Forbidden(ApplicationError):
    """A right the person does not have (not about a specific object)."""

    status_code = 403


class LoginError(ApplicationError):
    status_code = 401


class IntegrationError(Exception):
    """An external system failed. `permanent` decides: retry later, or dead-letter now.

    Raised by integration clients (through core.http) and by outbox receivers; the
    message is for the integration dashboard, never shown to patients.
    """

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
