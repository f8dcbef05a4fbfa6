"""KPR's behaviour in the stand-in: `POST /kpr/meldinger` takes one report's KPR_IPL and
KPR_IDE (gzip, base64) and refuses (400) a delivery whose messages are not XML, whose
løpenummer differ, whose checksum or person count does not match, or whose persons in
KPR_IPL have no identity in KPR_IDE. It answers with a receipt (kvittering) that names
the løpenummer and the number of persons received. Like every stand-in system, a repeated
Idempotency-Key is answered as a duplicate."""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import xml.etree.ElementTree as ET
from typing import Any

IPL = "{http://www.npr.no/xmlstds/iplos/2018}"
IDE = "{http://www.npr.no/xmlstds/53_1_2_ide}"


def _unpack(body: dict[str, Any], name: str) -> bytes:
    return gzip.decompress(base64.b64decode(str(body.get(name) or ""), validate=True))


def _check(body: Any) -> tuple[str | None, dict[str, Any]]:
    if not isinstance(body, dict):
        return "forventet JSON", {}
    try:
        ipl = _unpack(body, "kpr_ipl")
        ide = _unpack(body, "kpr_ide")
        ipl_root = ET.fromstring(ipl)  # noqa: S314
        ide_root = ET.fromstring(ide)  # noqa: S314
    except (binascii.Error, OSError, EOFError, ET.ParseError, ValueError) as exc:
        return f"meldingene kan ikke leses: {exc}", {}
    if hashlib.sha256(ipl).hexdigest() != body.get("ipl_sha256"):
        return "sjekksummen stemmer ikke med KPR_IPL", {}
    lopenr = ipl_root.findtext(f"{IPL}INNHINFO/{IPL}iiLopenr")
    if not lopenr or lopenr != ide_root.get("lopenr") or lopenr != body.get("loepenummer"):
        return "løpenummeret er ikke det samme i KPR_IPL og KPR_IDE", {}
    personer = {p.get("pePeID") for p in ipl_root.findall(f"{IPL}PERSON")}
    identer = {p.get("pid") for p in ide_root.iter(f"{IDE}PasientIdent")}
    if personer != identer:
        return "personene i KPR_IPL og KPR_IDE er ikke de samme", {}
    if len(personer) != body.get("antall_personer"):
        return f"KPR_IPL har {len(personer)} personer, ikke {body.get('antall_personer')}", {}
    return None, {"loepenummer": lopenr, "antall_personer": len(personer), "status": "mottatt"}


def validate(path: str, body: Any) -> str | None:
    if not path.endswith("/meldinger"):
        return f"ukjent ressurs {path}"
    return _check(body)[0]


def kvittering(path: str, body: Any) -> dict[str, Any]:
    """What KPR's receipt says besides the reference (called only for an accepted request)."""
    return _check(body)[1]
