"""The payroll system's file endpoint, over core.http."""

from __future__ import annotations

from django.conf import settings

from core import http

KEY_HEADER = "Idempotency-Key"


def loennsfil_send(*, innhold: str, filnavn: str, sha256: str, idempotency_key: str) -> None:
    """POST a period's CSV file to the payroll system (`{LONN_URL}/filer`).

    `idempotency_key` is the outbox delivery's id: the payroll system treats a repeat with
    the same key as already received, so a resend after a lost answer pays nobody twice.
    Raises IntegrationError (transient for network errors, timeouts and 5xx; permanent for
    other 4xx, e.g. a file the system refuses).
    """
    http.request(
        "POST",
        f"{settings.LONN_URL}/filer",
        body=innhold.encode("utf-8"),
        headers={
            KEY_HEADER: idempotency_key,
            "Content-Type": "text/csv; charset=utf-8",
            "X-Filnavn": filnavn,
            "X-Sha256": sha256,
        },
        timeout=settings.LONN_TIMEOUT,
    )
