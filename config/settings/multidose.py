"""Multidose (integrasjoner/multidose): the pharmacy that packs multidose and receives every
change of a multidose order."""

from __future__ import annotations

from dataclasses import dataclass

from config.env import integration_endpoint


@dataclass(frozen=True)
class Multidose:
    use: bool
    url: str
    timeout: float


def load(debug: bool) -> Multidose:
    """Off unless USE_MULTIDOSE (default: on in DEBUG, at the local stand-in); see
    config.env.integration_endpoint."""
    use, url, timeout = integration_endpoint("MULTIDOSE", debug=debug, path="multidose", timeout=10)
    return Multidose(use=use, url=url, timeout=timeout)
