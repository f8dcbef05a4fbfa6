"""SYSVAK's report and look-up endpoints, over core.http."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings

from core import http
from core.exceptions import IntegrationError

KEY_HEADER = "Idempotency-Key"


def melding_send(*, melding: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
    """POST one report (a vaccination or a correction) to `{SYSVAK_URL}/vaksinasjoner` and
    return the receipt (`referanse`, `duplikat`). `idempotency_key` is the outbox delivery's
    id: the register treats a repeat with the same key as already received. Raises
    IntegrationError (transient for network errors, timeouts and 5xx; permanent for 4xx)."""
    svar = http.request(
        "POST",
        f"{settings.SYSVAK_URL}/vaksinasjoner",
        json_body=melding,
        headers={KEY_HEADER: idempotency_key},
        timeout=settings.SYSVAK_TIMEOUT,
    )
    kvittering = svar.json()
    if not isinstance(kvittering, dict) or not kvittering.get("referanse"):
        raise IntegrationError("SYSVAK svarte uten kvittering", permanent=False)
    return kvittering


def vaksinasjoner_get(*, fnr: str) -> list[dict[str, Any]]:
    """The doses the register knows for a person (GET `{SYSVAK_URL}/vaksinasjoner?fnr=`)."""
    svar = http.request(
        "GET",
        f"{settings.SYSVAK_URL}/vaksinasjoner?{urlencode({'fnr': fnr})}",
        timeout=settings.SYSVAK_TIMEOUT,
    )
    data = svar.json()
    doser = data.get("vaksinasjoner") if isinstance(data, dict) else None
    if not isinstance(doser, list):
        raise IntegrationError("SYSVAK svarte i ukjent format", permanent=True)
    return [d for d in doser if isinstance(d, dict)]
