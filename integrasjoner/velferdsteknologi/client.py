"""The alarm central's API (wire format in schemas.py), over core.http."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings

from core import http

KEY_HEADER = "Idempotency-Key"


def alarmstatus_send(*, melding: Mapping[str, Any], idempotency_key: str) -> None:
    """POST an alarm's new status to the alarm central.

    `idempotency_key` is the outbox delivery's id: the central treats a repeat with the
    same key as already received. Raises IntegrationError (transient for network errors,
    timeouts and 5xx; permanent for other 4xx).
    """
    http.post_json(
        f"{settings.VELFERDSTEKNOLOGI_URL}/alarmstatus",
        dict(melding),
        headers={KEY_HEADER: idempotency_key},
        timeout=settings.VELFERDSTEKNOLOGI_TIMEOUT,
    )
