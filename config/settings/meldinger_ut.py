"""Outgoing messages (integrasjoner/meldinger): the EDI 2.0 message service they are sent
through, the address register looked up for the address book, and the receipt deadline."""

from __future__ import annotations

from dataclasses import dataclass

from config.env import env_int, integration_endpoint


@dataclass(frozen=True)
class MeldingerUt:
    use: bool
    edi_url: str
    timeout: float
    adresseregister_url: str
    kvittering_frist_minutter: int


def load(debug: bool) -> MeldingerUt:
    """Off unless USE_MELDINGER_EDI (default: on in DEBUG, at the local stand-in); see
    config.env.integration_endpoint. The address register follows the same rule
    (USE_ADRESSEREGISTER, ADRESSEREGISTER_URL)."""
    use, url, timeout = integration_endpoint("MELDINGER_EDI", debug=debug, path="edi", timeout=10)
    _use, register_url, _timeout = integration_endpoint(
        "ADRESSEREGISTER", debug=debug, path="adresseregister", timeout=10
    )
    return MeldingerUt(
        use=use,
        edi_url=url,
        timeout=timeout,
        adresseregister_url=register_url,
        # An AppRec is due at once; without one within this many minutes the unit is alerted.
        kvittering_frist_minutter=max(1, env_int("MELDINGER_KVITTERING_FRIST_MINUTTER", 60)),
    )
