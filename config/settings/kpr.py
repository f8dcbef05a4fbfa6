"""KPR/IPLOS report (integrasjoner/kpr): KPR's receiving endpoint for the reports."""

from __future__ import annotations

from dataclasses import dataclass

from config.env import integration_endpoint


@dataclass(frozen=True)
class Kpr:
    use: bool
    url: str
    timeout: float


def load(debug: bool) -> Kpr:
    """Off unless USE_KPR (default: on in DEBUG, at the local stand-in); see
    config.env.integration_endpoint."""
    use, url, timeout = integration_endpoint("KPR", debug=debug, path="kpr", timeout=120)
    return Kpr(use=use, url=url, timeout=timeout)
