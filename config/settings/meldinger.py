"""Messages (integrasjoner/meldinger): the EDI 2.0 message service (NHN's REST
"meldingstjener") that carries PLO and dialog messages and their application receipts."""

from __future__ import annotations

from dataclasses import dataclass

from config.env import env_int, integration_endpoint


@dataclass(frozen=True)
class Meldinger:
    use: bool
    url: str
    timeout: float
    maks_byte: int


def load(debug: bool) -> Meldinger:
    """Off unless USE_MELDINGER (default: on in DEBUG, at the local stand-in's `/edi`).
    MELDINGER_MAKS_BYTE bounds one received message (default 10 MB): a larger one is
    rejected with an AppRec, never read into a record."""
    use, url, timeout = integration_endpoint("MELDINGER", debug=debug, path="edi", timeout=10)
    return Meldinger(
        use=use, url=url, timeout=timeout, maks_byte=env_int("MELDINGER_MAKS_BYTE", 10_000_000)
    )
