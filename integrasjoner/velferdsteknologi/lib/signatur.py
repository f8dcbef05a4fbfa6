"""HMAC-SHA256 request signatures of sending systems (the inbound API's authentication).

A sender sends three headers with every request:
  X-Api-Nokkel:  its key id (Avsendersystem.nokkel_id)
  X-Tidspunkt:   Unix time in seconds when it signed
  X-Signatur:    "sha256=" + hex HMAC-SHA256(secret, "<X-Tidspunkt>." + raw body)
The timestamp is inside the signature, so an old request cannot be replayed with a fresh
timestamp; requests further than VELFERDSTEKNOLOGI_SIGNATUR_TOLERANSE from our clock are
refused, and a replay inside the window is a duplicate event id (answered, not stored twice).
"""

from __future__ import annotations

import hashlib
import hmac

NOKKEL_HEADER = "X-Api-Nokkel"
TIDSPUNKT_HEADER = "X-Tidspunkt"
SIGNATUR_HEADER = "X-Signatur"
PREFIX = "sha256="


def signatur_compute(*, hemmelighet: str, tidspunkt: str, body: bytes) -> str:
    mac = hmac.new(hemmelighet.encode(), tidspunkt.encode() + b"." + body, hashlib.sha256)
    return PREFIX + mac.hexdigest()


def signatur_valid(*, hemmelighet: str, tidspunkt: str, body: bytes, signatur: str) -> bool:
    expected = signatur_compute(hemmelighet=hemmelighet, tidspunkt=tidspunkt, body=body)
    return hmac.compare_digest(expected, signatur)


def signed_headers(
    *, nokkel_id: str, hemmelighet: str, body: bytes, tidspunkt: int
) -> dict[str, str]:
    """The headers a sender adds (used by tests, the benchmark and the demo)."""
    stamp = str(tidspunkt)
    return {
        NOKKEL_HEADER: nokkel_id,
        TIDSPUNKT_HEADER: stamp,
        SIGNATUR_HEADER: signatur_compute(hemmelighet=hemmelighet, tidspunkt=stamp, body=body),
        "Content-Type": "application/json",
    }
