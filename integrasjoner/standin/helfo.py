"""HELFO (KUHR) in the stand-in: claims from GP offices in, settlements out.

  POST /helfo/krav            a LOM message (MsgHead with a Behandlerkravmelding) as XML,
                              `Idempotency-Key` = the claim id (MsgId). Refused (400) when not
                              well-formed or not valid against the shipped schemas. Answered
                              with a receipt (`kvittering`): the claim id, how many bills, and
                              `duplikat` when the key was seen before (nothing new happens).
  GET  /helfo/oppgjoer        every settlement made so far, oldest first:
                              {"oppgjoer": [{"oppgjoer_id", "krav_id", "linjer": [{"guid",
                              "regning_nr", "status": "betalt"|"avvist", "refusjon",
                              "aarsakskode", "aarsakstekst"}]}]}
  GET  /helfo/oppgjoer/<id>   the settlement of one claim (404 when HELFO has none)
  POST /_kontroll/helfo       how HELFO settles, until changed or reset:
                              {"avvis_takster": ["2cd"]}  bills with one of these fee codes
                                                          are rejected (reason code 61);
                              {"avvis_merknad": "AVVIS"}  bills whose Merknad holds the marker
                                                          are rejected (reason code 12);
                              {"avvis_guid_en_gang": ["<guid>"]}  these bills are rejected
                                                          the first time only (code 12);
                              {"oppgjoer_uten_krav": "<uuid>"}  adds a settlement for a claim
                                                          HELFO never got from us.

The reason codes and texts are the stand-in's own (HELFO's list of avvisningskoder is not
published with the schema); they only need to be stable for tests and the demo.
"""

from __future__ import annotations

import threading
import uuid
import weakref
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from integrasjoner.helfo.lib.krav import BKM_NS, MH_NS, melding_errors
from integrasjoner.kith.lib.xsd import xml_parse

AVVIST_TAKST = ("61", "Takstkoden kan ikke kreves for denne kontakten.")
AVVIST_MERKNAD = ("12", "Regningen mangler opplysninger HELFO trenger for å behandle den.")


@dataclass
class Helfo:
    """What HELFO has received and settled, per stand-in."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    avvis_takster: set[str] = field(default_factory=set)
    avvis_merknad: str = ""
    avvis_en_gang: set[str] = field(default_factory=set)
    krav: dict[str, dict[str, Any]] = field(default_factory=dict)
    oppgjoer: list[dict[str, Any]] = field(default_factory=list)


_tilstand: weakref.WeakKeyDictionary[Any, Helfo] = weakref.WeakKeyDictionary()


def helfo(state: Any) -> Helfo:
    """HELFO's part of one stand-in's state."""
    if state not in _tilstand:
        _tilstand[state] = Helfo()
    return _tilstand[state]


def nullstill(state: Any) -> None:
    _tilstand.pop(state, None)


def validate(path: str, body: Any) -> str | None:
    if path.rstrip("/") != "/helfo/krav":
        return f"ukjent ressurs {path}"
    if not isinstance(body, str) or not body.strip():
        return "forventet en LOM-melding (XML)"
    try:
        melding = xml_parse(body.encode())
    except SyntaxError as e:
        return f"ikke gyldig XML: {e}"
    feil = melding_errors(melding)
    if feil:
        return "meldingen er ikke gyldig: " + "; ".join(feil[:3])
    return None


def _tekst(el: Any, sti: str) -> str:
    funnet = el.find(sti)
    return (funnet.text or "").strip() if funnet is not None else ""


def _settle(h: Helfo, melding: Any, krav_id: str) -> dict[str, Any]:
    b = f"{{{BKM_NS}}}"
    linjer = []
    for regning in melding.iter(f"{b}Enkeltregning"):
        koder = [_tekst(t, f"{b}Kode") for t in regning.iter(f"{b}Takst")]
        refusjon = regning.find(f"{b}Behandling/{b}SumKrav/{b}Refusjon")
        merknad = _tekst(regning, f"{b}Merknad")
        guid = _tekst(regning, f"{b}Guid").strip("{}").lower()
        grunn: tuple[str, str] | None = None
        if h.avvis_takster.intersection(koder):
            grunn = AVVIST_TAKST
        elif h.avvis_merknad and h.avvis_merknad in merknad:
            grunn = AVVIST_MERKNAD
        elif guid in h.avvis_en_gang:
            h.avvis_en_gang.discard(guid)
            grunn = AVVIST_MERKNAD
        linjer.append(
            {
                "guid": guid,
                "regning_nr": _tekst(regning, f"{b}RegningNr"),
                "status": "avvist" if grunn else "betalt",
                "refusjon": "0.00"
                if grunn
                else str(Decimal(refusjon.get("V", "0") if refusjon is not None else "0")),
                "aarsakskode": grunn[0] if grunn else "",
                "aarsakstekst": grunn[1] if grunn else "",
            }
        )
    return {"oppgjoer_id": str(uuid.uuid4()), "krav_id": krav_id, "linjer": linjer}


def motta(state: Any, path: str, body: Any, key: str, first: bool) -> dict[str, Any]:
    """A valid claim was accepted (first time) or repeated: the receipt."""
    melding = xml_parse(str(body).encode())
    krav_id = _tekst(melding, f"{{{MH_NS}}}MsgInfo/{{{MH_NS}}}MsgId")
    antall = len(list(melding.iter(f"{{{BKM_NS}}}Enkeltregning")))
    h = helfo(state)
    with h.lock:
        if first and krav_id not in h.krav:
            h.krav[krav_id] = {"antall": antall}
            h.oppgjoer.append(_settle(h, melding, krav_id))
    return {"kvittering": {"krav_id": krav_id, "antall_regninger": antall, "status": "mottatt"}}


def hent(state: Any, path: str) -> tuple[int, Any]:
    h = helfo(state)
    deler = path.strip("/").split("/")
    with h.lock:
        if deler == ["helfo", "oppgjoer"]:
            return 200, {"oppgjoer": list(h.oppgjoer)}
        if len(deler) == 3 and deler[:2] == ["helfo", "oppgjoer"]:
            for o in h.oppgjoer:
                if o["krav_id"] == deler[2]:
                    return 200, o
            return 404, {"feil": "ukjent krav"}
    return 404, {"feil": "ukjent sti"}


def kontroll(state: Any, body: Any) -> tuple[int, Any]:
    if not isinstance(body, dict):
        return 400, {"feil": "forventet et JSON-objekt"}
    h = helfo(state)
    with h.lock:
        if "avvis_takster" in body:
            h.avvis_takster = {str(k) for k in body["avvis_takster"] or []}
        if "avvis_merknad" in body:
            h.avvis_merknad = str(body["avvis_merknad"] or "")
        if body.get("avvis_guid_en_gang"):
            h.avvis_en_gang |= {str(g).strip("{}").lower() for g in body["avvis_guid_en_gang"]}
        if body.get("oppgjoer_uten_krav"):
            h.oppgjoer.append(
                {
                    "oppgjoer_id": str(uuid.uuid4()),
                    "krav_id": str(body["oppgjoer_uten_krav"]),
                    "linjer": [],
                }
            )
        return 200, {
            "ok": True,
            "avvis_takster": sorted(h.avvis_takster),
            "avvis_merknad": h.avvis_merknad,
        }
