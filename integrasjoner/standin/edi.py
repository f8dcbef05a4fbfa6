"""The EDI 2.0 message service (NHN's REST "meldingstjener", STANDARDS §2.3) in the
stand-in: mailboxes per HER-id.

  POST /edi/Messages                          {"senderHerId", "receiverHerIds": [..],
                                               "businessDocument": base64} → {"id"}
  GET  /edi/Messages/Unread?receiverHerIds=…  [{"id", "receiverHerId"}] not yet read
  GET  /edi/Messages/{id}/BusinessDocument    {"businessDocument": base64, "contentType"}
  PUT  /edi/Messages/{id}/Read/{herId}        marks it read for that receiver
  GET  /edi/Messages/{id}/Status              {"id", "receivers": [{"herId", "read",
                                               "appRecs": n}]}
  POST /edi/Messages/{id}/Apprec/{herId}      {"appRec": base64}: a receipt from herId

Control: POST /_kontroll/edi/slipp {"mottaker_herid", "avsender_herid" (optional),
"xml" or "base64"} drops a message into a mailbox as if someone sent it (→ {"id"});
GET /_kontroll/edi/kvitteringer lists the receipts sent. POST /_kontroll/nullstill empties
the mailboxes. The fault switches (`/_kontroll/oppforsel`, integrasjon "edi") apply to
every call. A POST with an Idempotency-Key already seen answers the first answer again.
"""

from __future__ import annotations

import base64
import binascii
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs


@dataclass
class EdiMelding:
    id: str
    avsender: str
    mottakere: list[str]
    dokument: str  # base64
    lest: set[str] = field(default_factory=set)
    kvitteringer: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Postkasser:
    lock: threading.Lock = field(default_factory=threading.Lock)
    meldinger: dict[str, EdiMelding] = field(default_factory=dict)
    svar: dict[str, tuple[int, Any]] = field(default_factory=dict)  # idempotency key → answer


def postkasser(state: Any) -> Postkasser:
    """The mailboxes of one stand-in server (kept on its shared state)."""
    with state.lock:
        if not hasattr(state, "edi"):
            state.edi = Postkasser()
        return state.edi  # type: ignore[no-any-return]


def nullstill(state: Any) -> None:
    boxes = postkasser(state)
    with boxes.lock:
        boxes.meldinger.clear()
        boxes.svar.clear()


def _b64(value: Any) -> str | None:
    try:
        base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        return None
    return str(value)


def slipp(state: Any, body: Any) -> tuple[int, Any]:
    """Control: put a message in a mailbox."""
    if not isinstance(body, dict) or not body.get("mottaker_herid"):
        return 400, {"feil": "mangler mottaker_herid"}
    if "xml" in body:
        dokument = base64.b64encode(str(body["xml"]).encode("utf-8")).decode("ascii")
    else:
        dokument = _b64(body.get("base64", "")) or ""
    melding = EdiMelding(
        id=uuid.uuid4().hex,
        avsender=str(body.get("avsender_herid", "")),
        mottakere=[str(body["mottaker_herid"])],
        dokument=dokument,
    )
    boxes = postkasser(state)
    with boxes.lock:
        boxes.meldinger[melding.id] = melding
    return 201, {"id": melding.id}


def kvitteringer(state: Any) -> list[dict[str, str]]:
    boxes = postkasser(state)
    with boxes.lock:
        return [{"melding": m.id, **k} for m in boxes.meldinger.values() for k in m.kvitteringer]


def handle(state: Any, metode: str, sti: str, query: str, body: Any, key: str) -> tuple[int, Any]:
    """One call to the service (the path without the `/edi` prefix's leading slash)."""
    deler = [d for d in sti.split("/") if d][1:]  # drop "edi"
    boxes = postkasser(state)
    if metode in ("POST", "PUT") and key:
        with boxes.lock:
            if key in boxes.svar:
                return boxes.svar[key]
    svar = _route(boxes, metode, deler, query, body)
    if metode in ("POST", "PUT") and key and svar[0] < 300:
        with boxes.lock:
            boxes.svar[key] = svar
    return svar


def _route(
    boxes: Postkasser, metode: str, deler: list[str], query: str, body: Any
) -> tuple[int, Any]:
    if deler[:1] != ["Messages"]:
        return 404, {"feil": "ukjent ressurs"}
    if metode == "POST" and len(deler) == 1:
        if not isinstance(body, dict):
            return 400, {"feil": "forventet JSON"}
        dokument = _b64(body.get("businessDocument", ""))
        mottakere = [str(h) for h in body.get("receiverHerIds") or []]
        if not dokument or not mottakere or not body.get("senderHerId"):
            return 400, {"feil": "mangler senderHerId, receiverHerIds eller businessDocument"}
        melding = EdiMelding(uuid.uuid4().hex, str(body["senderHerId"]), mottakere, dokument)
        with boxes.lock:
            boxes.meldinger[melding.id] = melding
        return 201, {"id": melding.id}
    if metode == "GET" and deler[1:] == ["Unread"]:
        herider = set(parse_qs(query).get("receiverHerIds", []))
        if not herider:
            return 400, {"feil": "mangler receiverHerIds"}
        with boxes.lock:
            rows = [
                {"id": m.id, "receiverHerId": h}
                for m in boxes.meldinger.values()
                for h in m.mottakere
                if h in herider and h not in m.lest
            ]
        return 200, rows
    if len(deler) < 3:
        return 404, {"feil": "ukjent ressurs"}
    with boxes.lock:
        funnet = boxes.meldinger.get(deler[1])
    if funnet is None:
        return 404, {"feil": "ukjent melding"}
    melding = funnet
    handling = deler[2]
    if metode == "GET" and handling == "BusinessDocument":
        return 200, {"businessDocument": melding.dokument, "contentType": "application/xml"}
    if metode == "GET" and handling == "Status":
        return 200, {
            "id": melding.id,
            "receivers": [
                {
                    "herId": h,
                    "read": h in melding.lest,
                    "appRecs": sum(1 for k in melding.kvitteringer if k["herId"] == h),
                }
                for h in melding.mottakere
            ],
        }
    if metode == "PUT" and handling == "Read" and len(deler) == 4:
        if deler[3] not in melding.mottakere:
            return 404, {"feil": "ikke mottaker av meldingen"}
        with boxes.lock:
            melding.lest.add(deler[3])
        return 204, None
    if metode == "POST" and handling == "Apprec" and len(deler) == 4:
        apprec = _b64((body or {}).get("appRec", "")) if isinstance(body, dict) else None
        if not apprec:
            return 400, {"feil": "mangler appRec (base64)"}
        with boxes.lock:
            melding.kvitteringer.append({"herId": deler[3], "appRec": apprec})
        return 201, {"ok": True}
    return 405, {"feil": "metoden støttes ikke her"}
