"""Invoicing (integrasjoner/faktura): the economy system the monthly runs are sent to."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str


@dataclass(frozen=True)
class Faktura:
    use: bool
    url: str
    timeout: float
    batch: int
    korreksjon_maneder: int


def load(debug: bool) -> Faktura:
    """USE_FAKTURA defaults to on only in DEBUG, pointing at the local stand-in
    (integrasjoner/standin, started by `make run`); when on, the URL is required."""
    use = env_bool("USE_FAKTURA", default=debug)
    standin = env_str("STANDIN_URL", default="http://127.0.0.1:8701")
    url = env_str("FAKTURA_URL", default=f"{standin}/faktura" if debug else "")
    if use and not url:
        raise ImproperlyConfigured("FAKTURA_URL mangler (USE_FAKTURA=True).")
    return Faktura(
        use=use,
        url=url.rstrip("/"),
        timeout=float(env_int("FAKTURA_TIMEOUT", 60)),
        # Patients per batch of the invoice run (memory and query count scale with it).
        batch=max(1, env_int("FAKTURA_BATCH", 1000)),
        # How many months back a run recomputes sent runs for credit notes.
        korreksjon_maneder=max(0, env_int("FAKTURA_KORREKSJON_MANEDER", 3)),
    )
