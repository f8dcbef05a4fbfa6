"""The EDI 2.0 message service's REST API (NHN "meldingstjener", STANDARDS §2.3), over
core.http. Every call raises IntegrationError (transient for network errors, timeouts and
5xx; permanent for other 4xx)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings

from core import http

KEY_HEADER = "Idempotency-Key"


@dataclass(frozen=True)
class Ulest:
    """One unread message in a mailbox: the service's id and the receiving HER-id."""

    id: str
    mottaker_herid: str


def _url(path: str) -> str:
    return f"{settings.MELDINGER_URL}{path}"


def _get(path: str) -> Any:
    return http.request("GET", _url(path), timeout=settings.MELDINGER_TIMEOUT).json()


def melding_send(
    *, avsender_herid: str, mottaker_herid: str, xml: str, idempotency_key: str
) -> str:
    """`POST /Messages`: one business document (MsgHead XML) to a receiver. Returns the
    service's id for it."""
    svar = http.request(
        "POST",
        _url("/Messages"),
        json_body={
            "senderHerId": avsender_herid,
            "receiverHerIds": [mottaker_herid],
            "businessDocument": base64.b64encode(xml.encode("utf-8")).decode("ascii"),
            "contentType": "application/xml",
        },
        headers={KEY_HEADER: idempotency_key},
        timeout=settings.MELDINGER_TIMEOUT,
    )
    return str((svar.json() or {}).get("id", ""))


def uleste_list(herider: list[str]) -> list[Ulest]:
    """`GET /Messages/Unread?receiverHerIds=…`: the unread messages for our HER-ids."""
    query = "&".join(f"receiverHerIds={quote(h)}" for h in herider)
    rows = _get(f"/Messages/Unread?{query}") or []
    return [Ulest(id=str(r["id"]), mottaker_herid=str(r["receiverHerId"])) for r in rows]


def dokument_get(transport_id: str) -> bytes:
    """`GET /Messages/{id}/BusinessDocument`: the message as sent (MsgHead XML bytes)."""
    data = _get(f"/Messages/{quote(transport_id)}/BusinessDocument") or {}
    return base64.b64decode(str(data.get("businessDocument", "")), validate=False)


def lest_mark(transport_id: str, herid: str) -> None:
    """`PUT /Messages/{id}/Read/{herId}`: done with it; it leaves the unread list."""
    http.request(
        "PUT",
        _url(f"/Messages/{quote(transport_id)}/Read/{quote(herid)}"),
        timeout=settings.MELDINGER_TIMEOUT,
    )


def status_get(transport_id: str) -> dict[str, Any]:
    """`GET /Messages/{id}/Status`: delivery state and receipts, per receiver."""
    return dict(_get(f"/Messages/{quote(transport_id)}/Status") or {})


def apprec_send(*, transport_id: str, herid: str, xml: str, idempotency_key: str) -> None:
    """`POST /Messages/{id}/Apprec/{herId}`: our application receipt for a message we
    received on `herid`."""
    http.request(
        "POST",
        _url(f"/Messages/{quote(transport_id)}/Apprec/{quote(herid)}"),
        json_body={"appRec": base64.b64encode(xml.encode("utf-8")).decode("ascii")},
        headers={KEY_HEADER: idempotency_key},
        timeout=settings.MELDINGER_TIMEOUT,
    )
