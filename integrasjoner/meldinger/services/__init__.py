"""Writes of the messaging slice: inbound processing, receipts, matching, dialog replies,
and the outbox receiver that hands outbound documents to the EDI 2.0 message service."""

from integrasjoner.meldinger.services.mottak import Mottak, melding_receive
from integrasjoner.meldinger.services.transport import (
    MELDINGSTJENER,
    MELDINGSTJENER_HENDELSER,
    meldingstjener_deliver,
)

__all__ = [
    "MELDINGSTJENER",
    "MELDINGSTJENER_HENDELSER",
    "Mottak",
    "melding_receive",
    "meldingstjener_deliver",
]
