"""SYSVAK (integrasjoner/sysvak): the national immunisation register, which receives every
vaccination given (and every correction) and answers look-ups of a child's earlier doses."""

from __future__ import annotations

from dataclasses import dataclass

from config.env import integration_endpoint


@dataclass(frozen=True)
class Sysvak:
    use: bool
    url: str
    timeout: float


def load(debug: bool) -> Sysvak:
    """Off unless USE_SYSVAK (default: on in DEBUG, at the local stand-in); see
    config.env.integration_endpoint."""
    use, url, timeout = integration_endpoint("SYSVAK", debug=debug, path="sysvak", timeout=10)
    return Sysvak(use=use, url=url, timeout=timeout)
