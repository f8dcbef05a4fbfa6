"""Welfare technology (integrasjoner/velferdsteknologi): the alarm central we report to."""

from __future__ import annotations

from dataclasses import dataclass

from config.env import env_int, integration_endpoint


@dataclass(frozen=True)
class Velferdsteknologi:
    use: bool
    url: str
    timeout: float
    signatur_toleranse: int


def load(debug: bool) -> Velferdsteknologi:
    """Off unless USE_VELFERDSTEKNOLOGI (default: on in DEBUG, at the local stand-in); see
    config.env.integration_endpoint."""
    use, url, timeout = integration_endpoint(
        "VELFERDSTEKNOLOGI", debug=debug, path="velferdsteknologi", timeout=10
    )
    return Velferdsteknologi(
        use=use,
        url=url,
        timeout=timeout,
        # Signed requests further than this (seconds) from our clock are refused (replay).
        signatur_toleranse=env_int("VELFERDSTEKNOLOGI_SIGNATUR_TOLERANSE", 300),
    )
