"""KPR's receiving endpoint (Helsedirektoratet; in production over NHN's Tjenestebuss), over
core.http. Both messages go in one request, gzip'ed and base64-encoded."""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings

from core import http

KEY_HEADER = "Idempotency-Key"


def meldinger_send(
    *,
    loepenummer: str,
    kommunenummer: str,
    fra: str,
    til: str,
    ipl_gz: bytes,
    ide_gz: bytes,
    ipl_sha256: str,
    antall_personer: int,
    idempotency_key: str,
) -> dict[str, Any]:
    """POST KPR_IPL and KPR_IDE of one report; returns KPR's receipt (a JSON object).

    `idempotency_key` is the outbox delivery's id: a repeat with the same key is answered as
    already received. Raises IntegrationError (transient for network errors, timeouts and
    5xx; permanent for other 4xx, e.g. messages KPR refuses).
    """
    svar = http.post_json(
        f"{settings.KPR_URL}/meldinger",
        {
            "loepenummer": loepenummer,
            "kommunenummer": kommunenummer,
            "fra": fra,
            "til": til,
            "antall_personer": antall_personer,
            "ipl_sha256": ipl_sha256,
            "kpr_ipl": base64.b64encode(ipl_gz).decode("ascii"),
            "kpr_ide": base64.b64encode(ide_gz).decode("ascii"),
        },
        headers={KEY_HEADER: idempotency_key},
        timeout=settings.KPR_TIMEOUT,
    )
    kvittering = svar.json()
    return kvittering if isinstance(kvittering, dict) else {"svar": kvittering}
