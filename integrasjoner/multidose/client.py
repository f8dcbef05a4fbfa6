"""The multidose pharmacy's change endpoint, over core.http."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from core import http

KEY_HEADER = "Idempotency-Key"


def endring_send(*, endring: dict[str, Any], idempotency_key: str) -> None:
    """POST one change of a multidose order to the pharmacy (`{MULTIDOSE_URL}/endringer`).

    `idempotency_key` is the outbox delivery's id: the pharmacy treats a repeat with the
    same key as already received. Raises IntegrationError (transient for network errors,
    timeouts and 5xx; permanent for other 4xx, e.g. a change the pharmacy refuses)."""
    http.request(
        "POST",
        f"{settings.MULTIDOSE_URL}/endringer",
        json_body=endring,
        headers={KEY_HEADER: idempotency_key},
        timeout=settings.MULTIDOSE_TIMEOUT,
    )
