"""HELFO's claim and settlement endpoints (KUHR), over core.http."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from core import http
from core.exceptions import IntegrationError

KEY_HEADER = "Idempotency-Key"


def krav_post(*, xml: bytes, krav_id: str) -> dict[str, Any]:
    """POST one claim (a LOM message) to `{HELFO_URL}/krav` and return HELFO's receipt.

    The key is the claim id (the message's MsgId): HELFO treats a repeat as already
    received, so a retry after a lost answer is harmless. Raises IntegrationError
    (transient for network errors, timeouts and 5xx; permanent for a refused message)."""
    svar = http.request(
        "POST",
        f"{settings.HELFO_URL}/krav",
        body=xml,
        headers={KEY_HEADER: krav_id, "Content-Type": "application/xml; charset=utf-8"},
        timeout=settings.HELFO_TIMEOUT,
    )
    data = svar.json()
    if not isinstance(data, dict):
        raise IntegrationError("HELFO svarte uten kvittering.", permanent=False)
    return dict(data.get("kvittering") or {}) | {"duplikat": bool(data.get("duplikat"))}


def oppgjoer_get() -> list[dict[str, Any]]:
    """Every settlement HELFO has for us (`GET {HELFO_URL}/oppgjoer`), oldest first."""
    svar = http.request("GET", f"{settings.HELFO_URL}/oppgjoer", timeout=settings.HELFO_TIMEOUT)
    data = svar.json()
    if not isinstance(data, dict) or not isinstance(data.get("oppgjoer"), list):
        raise IntegrationError("HELFO svarte med et ukjent format.", permanent=False)
    return [o for o in data["oppgjoer"] if isinstance(o, dict)]
