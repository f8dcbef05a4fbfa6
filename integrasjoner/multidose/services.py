"""The outbox receiver that sends changes of multidose orders to the pharmacy."""

from __future__ import annotations

from core.models import Levering, Utbokshendelse
from integrasjoner.multidose.client import endring_send
from legemidler.services.multidose import MULTIDOSE_HENDELSE

APOTEK = "apotek.multidose"
APOTEK_HENDELSER = {MULTIDOSE_HENDELSE}


def multidose_deliver(hendelse: Utbokshendelse, levering: Levering) -> None:
    """Outbox receiver: the change as published (the payload is the message), keyed by the
    delivery so a resend is dropped by the pharmacy."""
    endring_send(endring=dict(hendelse.payload), idempotency_key=str(levering.id))
