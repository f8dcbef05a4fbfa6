"""HELFO (integrasjoner/helfo): where GP offices' claims (Behandlerkravmelding, LOM) go and
settlements come from."""

from __future__ import annotations

from dataclasses import dataclass

from config.env import env_int, integration_endpoint


@dataclass(frozen=True)
class Helfo:
    use: bool
    url: str
    timeout: float
    her_id: int


def load(debug: bool) -> Helfo:
    """Off unless USE_HELFO (default: on in DEBUG, at the local stand-in); see
    config.env.integration_endpoint. HELFO_HER_ID is the receiver's HER-id in the
    message head (from Adresseregisteret; 0 until configured)."""
    use, url, timeout = integration_endpoint("HELFO", debug=debug, path="helfo", timeout=30)
    return Helfo(use=use, url=url, timeout=timeout, her_id=max(0, env_int("HELFO_HER_ID", 0)))
