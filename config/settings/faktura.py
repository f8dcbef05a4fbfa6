"""Invoicing (integrasjoner/faktura): the economy system the monthly runs are sent to."""

from __future__ import annotations

from dataclasses import dataclass

from config.env import env_int, integration_endpoint


@dataclass(frozen=True)
class Faktura:
    use: bool
    url: str
    timeout: float
    batch: int
    korreksjon_maneder: int


def load(debug: bool) -> Faktura:
    """Off unless USE_FAKTURA (default: on in DEBUG, at the local stand-in); see
    config.env.integration_endpoint."""
    use, url, timeout = integration_endpoint("FAKTURA", debug=debug, path="faktura", timeout=60)
    return Faktura(
        use=use,
        url=url,
        timeout=timeout,
        # Patients per batch of the invoice run (memory and query count scale with it).
        batch=max(1, env_int("FAKTURA_BATCH", 1000)),
        # How many months back a run recomputes sent runs for credit notes.
        korreksjon_maneder=max(0, env_int("FAKTURA_KORREKSJON_MANEDER", 3)),
    )
