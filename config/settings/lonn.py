"""Payroll (integrasjoner/lonn): the payroll system that receives closed periods' files."""

from __future__ import annotations

from dataclasses import dataclass

from config.env import integration_endpoint


@dataclass(frozen=True)
class Loenn:
    use: bool
    url: str
    timeout: float


def load(debug: bool) -> Loenn:
    """Off unless USE_LONN (default: on in DEBUG, at the local stand-in); see
    config.env.integration_endpoint."""
    use, url, timeout = integration_endpoint("LONN", debug=debug, path="lonn", timeout=30)
    return Loenn(use=use, url=url, timeout=timeout)
