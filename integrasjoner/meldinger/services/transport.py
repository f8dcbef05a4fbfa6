"""The outbox receiver for the EDI 2.0 message service: every published message document
(an application receipt, or an outbound message built by the sending side) is POSTed to
`/Messages` with the delivery id as idempotency key."""

from __future__ import annotations

from core.models import Levering, Utbokshendelse
from integrasjoner.meldinger import client

MELDINGSTJENER = "meldinger.meldingstjener"
# apprec: our application receipt for a received message; sendt: an outbound message
# (published by the sending side with the same payload shape).
APPREC_HENDELSE = "melding.apprec"
SEND_HENDELSE = "melding.send"
MELDINGSTJENER_HENDELSER = {APPREC_HENDELSE, SEND_HENDELSE}


def meldingstjener_deliver(hendelse: Utbokshendelse, levering: Levering) -> None:
    """Outbox receiver. Payload: {"avsender_herid", "mottaker_herid", "xml",
    optionally "gjelder_transport_id" (an AppRec for a message we fetched: sent with
    `POST /Messages/{id}/Apprec/{herId}`)}."""
    data = dict(hendelse.payload)
    gjelder = str(data.get("gjelder_transport_id") or "")
    if hendelse.hendelse == APPREC_HENDELSE and gjelder:
        client.apprec_send(
            transport_id=gjelder,
            herid=str(data["avsender_herid"]),
            xml=str(data["xml"]),
            idempotency_key=str(levering.id),
        )
        return
    client.melding_send(
        avsender_herid=str(data["avsender_herid"]),
        mottaker_herid=str(data["mottaker_herid"]),
        xml=str(data["xml"]),
        idempotency_key=str(levering.id),
    )
