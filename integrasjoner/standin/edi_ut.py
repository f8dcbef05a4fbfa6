"""The EDI 2.0 message service's send call in the stand-in (`POST /edi/Messages`), for the
outgoing messages (meldinger_ut) until the full transport stand-in (meldinger_inn) is
merged: refuses (400) a body without the receiver's HER-id or whose business document is
not base64 of a MsgHead XML. Like every stand-in system, a repeated Idempotency-Key is
answered as a duplicate, so a message resent by the outbox is delivered once."""

from __future__ import annotations

import base64
import binascii
from typing import Any

MSGHEAD = b"http://www.kith.no/xmlstds/msghead/2006-05-24"


def validate(path: str, body: Any) -> str | None:
    if not path.rstrip("/").endswith("/Messages"):
        return f"ukjent ressurs {path}"
    if not isinstance(body, dict):
        return "forventet JSON"
    if not body.get("receiverHerIds"):
        return "mangler receiverHerIds"
    try:
        dokument = base64.b64decode(str(body.get("businessDocument") or ""), validate=True)
    except (binascii.Error, ValueError):
        return "businessDocument er ikke base64"
    if MSGHEAD not in dokument:
        return "businessDocument er ikke en MsgHead-melding"
    return None
