"""Payroll (integrasjoner/lonn): the payroll system that receives closed periods' files."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str


@dataclass(frozen=True)
class Lonn:
    use: bool
    url: str
    timeout: float


def load(debug: bool) -> Lonn:
    """USE_LONN defaults to on only in DEBUG, pointing at the local stand-in
    (integrasjoner/standin, started by `make run`); when on, the URL is required."""
    use = env_bool("USE_LONN", default=debug)
    standin = env_str("STANDIN_URL", default="http://127.0.0.1:8701")
    url = env_str("LONN_URL", default=f"{standin}/lonn" if debug else "")
    if use and not url:
        raise ImproperlyConfigured("LONN_URL mangler (USE_LONN=True).")
    return Lonn(use=use, url=url.rstrip("/"), timeout=float(env_int("LONN_TIMEOUT", 30)))
