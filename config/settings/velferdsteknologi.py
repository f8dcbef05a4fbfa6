"""Welfare technology (integrasjoner/velferdsteknologi): the alarm central we report to."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str


@dataclass(frozen=True)
class Velferdsteknologi:
    use: bool
    url: str
    timeout: float
    signatur_toleranse: int


def load(debug: bool) -> Velferdsteknologi:
    """USE_VELFERDSTEKNOLOGI defaults to on only in DEBUG, pointing at the local stand-in
    (integrasjoner/standin, started by `make run`); when on, the URL is required."""
    use = env_bool("USE_VELFERDSTEKNOLOGI", default=debug)
    standin = env_str("STANDIN_URL", default="http://127.0.0.1:8701")
    url = env_str("VELFERDSTEKNOLOGI_URL", default=f"{standin}/velferdsteknologi" if debug else "")
    if use and not url:
        raise ImproperlyConfigured("VELFERDSTEKNOLOGI_URL mangler (USE_VELFERDSTEKNOLOGI=True).")
    return Velferdsteknologi(
        use=use,
        url=url.rstrip("/"),
        timeout=float(env_int("VELFERDSTEKNOLOGI_TIMEOUT", 10)),
        # Signed requests further than this (seconds) from our clock are refused (replay).
        signatur_toleranse=env_int("VELFERDSTEKNOLOGI_SIGNATUR_TOLERANSE", 300),
    )
