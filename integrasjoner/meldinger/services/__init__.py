"""Writes of the messaging slice: inbound processing, receipts, matching, dialog replies,
and the outbox receiver that hands outbound documents to the EDI 2.0 message service."""

from integrasjoner.meldinger.services.mottak import Mottak, melding_receive
from integrasjoner.meldinger.services.poll import Pollrunde, meldinger_poll
from integrasjoner.meldinger.services.transport import (
    MELDINGSTJENER,
    MELDINGSTJENER_HENDELSER,
    meldingstjener_deliver,
)

__all__ = [
    "MELDINGSTJENER",
    "MELDINGSTJENER_HENDELSER",
    "Mottak",
    "Pollrunde",
    "melding_receive",
    "meldinger_poll",
    "meldingstjener_deliver",
]
