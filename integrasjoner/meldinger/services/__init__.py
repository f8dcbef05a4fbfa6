"""Writes of the messaging slice: inbound processing, receipts, matching, dialog replies,
and the outbox receiver that hands outbound documents to the EDI 2.0 message service."""

from integrasjoner.meldinger.services.arbeidsliste import (
    DIALOG_SVAR_HENDELSE,
    dialog_reply,
    melding_handle,
    melding_match,
)
from integrasjoner.meldinger.services.herid import enhet_herid_save
from integrasjoner.meldinger.services.mottak import Mottak, melding_receive
from integrasjoner.meldinger.services.poll import Pollrunde, meldinger_poll
from integrasjoner.meldinger.services.transport import (
    MELDINGSTJENER,
    MELDINGSTJENER_HENDELSER,
    meldingstjener_deliver,
)

__all__ = [
    "DIALOG_SVAR_HENDELSE",
    "MELDINGSTJENER",
    "MELDINGSTJENER_HENDELSER",
    "Mottak",
    "Pollrunde",
    "dialog_reply",
    "enhet_herid_save",
    "melding_handle",
    "melding_match",
    "melding_receive",
    "meldinger_poll",
    "meldingstjener_deliver",
]
