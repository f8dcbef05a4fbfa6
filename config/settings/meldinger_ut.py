"""Outgoing messages (integrasjoner/meldinger, meldinger_ut): the address register looked up
for the address book, and the receipt deadline. The message service itself is
config/settings/meldinger.py (USE_MELDINGER, MELDINGER_URL)."""

from __future__ import annotations

from dataclasses import dataclass

from config.env import env_int, integration_endpoint


@dataclass(frozen=True)
class MeldingerUt:
    adresseregister_url: str
    kvittering_frist_minutter: int


def load(debug: bool) -> MeldingerUt:
    """ADRESSEREGISTER_URL: default the local stand-in in DEBUG (USE_ADRESSEREGISTER); see
    config.env.integration_endpoint."""
    _use, register_url, _timeout = integration_endpoint(
        "ADRESSEREGISTER", debug=debug, path="adresseregister", timeout=10
    )
    return MeldingerUt(
        adresseregister_url=register_url,
        # An AppRec is due at once; without one within this many minutes the unit is alerted.
        kvittering_frist_minutter=max(1, env_int("MELDINGER_KVITTERING_FRIST_MINUTTER", 60)),
    )
