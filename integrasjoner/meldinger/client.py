"""The wire clients of outgoing messages, over core.http: the EDI 2.0 message service's
send call (`POST /Messages`, STANDARDS §2.3) and the address register's look-up."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

from django.conf import settings

from core import http
from core.exceptions import IntegrationError

KEY_HEADER = "Idempotency-Key"


def melding_post(
    *, xml: bytes, avsender_herid: str, mottaker_herid: str, idempotency_key: str
) -> str:
    """POST one MsgHead message to the message service; returns the service's id for it.

    `idempotency_key` is the outbox delivery's id, so a resend after a lost answer is
    dropped by the service. Raises IntegrationError (transient for network errors,
    timeouts and 5xx; permanent for other 4xx: a message the service refuses)."""
    svar = http.post_json(
        f"{settings.MELDINGER_EDI_URL}/Messages",
        {
            "senderHerId": avsender_herid,
            "receiverHerIds": [mottaker_herid],
            "contentType": "application/xml",
            "businessDocument": base64.b64encode(xml).decode("ascii"),
        },
        headers={KEY_HEADER: idempotency_key},
        timeout=settings.MELDINGER_EDI_TIMEOUT,
    )
    data = svar.json()
    return str(data.get("referanse") or data.get("id") or "") if isinstance(data, dict) else ""


def adresseregister_sok(*, tekst: str) -> list[dict[str, Any]]:
    """Communication parties matching `tekst` (name, organisation number or HER-id), each
    with herid, navn, forelder_herid, forelder_navn, organisasjonsnummer, tjenestetype and
    hpr_nummer. Raises IntegrationError when the register cannot be reached."""
    svar = http.request(
        "GET",
        f"{settings.ADRESSEREGISTER_URL}/sok?{urlencode({'q': tekst})}",
        timeout=settings.MELDINGER_EDI_TIMEOUT,
    )
    data = svar.json()
    if not isinstance(data, dict) or not isinstance(data.get("parter"), list):
        raise IntegrationError("Uventet svar fra adresseregisteret", permanent=True)
    return [p for p in data["parter"] if isinstance(p, dict)]
