"""The economy system's invoice-basis endpoint (fakturasystem, e.g. Visma/Unit4), over core.http."""

from __future__ import annotations

from django.conf import settings

from core import http

KEY_HEADER = "Idempotency-Key"


def fil_send(
    *,
    kjoring_id: str,
    kommunenummer: str,
    maned: str,
    filnavn: str,
    innhold: str,
    sha256: str,
    antall_linjer: int,
    idempotency_key: str,
) -> None:
    """POST one run's CSV file (layout in integrasjoner/faktura/services/eksport.py) as JSON:
    {kjoring_id, kommunenummer, maned, filnavn, sha256, antall_linjer, csv}.

    `idempotency_key` is the outbox delivery's id: the economy system treats a repeat with
    the same key as already received. Raises IntegrationError (transient for network
    errors, timeouts and 5xx; permanent for other 4xx, e.g. a file it refuses).
    """
    http.post_json(
        f"{settings.FAKTURA_URL}/fakturagrunnlag",
        {
            "kjoring_id": kjoring_id,
            "kommunenummer": kommunenummer,
            "maned": maned,
            "filnavn": filnavn,
            "sha256": sha256,
            "antall_linjer": antall_linjer,
            "csv": innhold,
        },
        headers={KEY_HEADER: idempotency_key},
        timeout=settings.FAKTURA_TIMEOUT,
    )
