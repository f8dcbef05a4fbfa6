"""Reading an application receipt (AppRec 1.0 or 1.1) that answers one of our outgoing
messages: which message it answers (OriginalMsgId/Id), its status (kodeverk 8258) and its
errors (kodeverk 8221). Pure; the document is parsed safely."""

from __future__ import annotations

from dataclasses import dataclass

from integrasjoner.kith.lib.xsd import xml_parse

APPREC_NS = (
    "http://www.kith.no/xmlstds/apprec/2012-02-15",
    "http://www.kith.no/xmlstds/apprec/2004-11-21",
)


@dataclass(frozen=True)
class Kvittering:
    """An AppRec: the MsgId it answers, its status and its errors ({kode, tekst})."""

    original_msg_id: str
    status: str
    feil: list[dict[str, str]]


def _kan_vaere_apprec(xml: bytes) -> bool:
    """False only when `xml` certainly is no AppRec: a UTF-8/ASCII document that never names
    the AppRec namespace. UTF-16/32 documents are parsed to see."""
    if xml[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in xml[:4]:
        return True
    return b"/xmlstds/apprec/" in xml


def apprec_les(xml: bytes) -> Kvittering | None:
    """The receipt in `xml`, or None when the document is not an AppRec (or not XML)."""
    if not _kan_vaere_apprec(xml):  # the poller asks for every document: no second parse
        return None
    try:
        rot = xml_parse(xml)
    except SyntaxError:
        return None
    ns = rot.tag[1:].split("}", 1)[0] if rot.tag.startswith("{") else ""
    if ns not in APPREC_NS or not rot.tag.endswith("}AppRec"):
        return None
    status = rot.find(f"{{{ns}}}Status")
    original = rot.findtext(f"{{{ns}}}OriginalMsgId/{{{ns}}}Id") or ""
    feil = [
        {"kode": e.get("V", ""), "tekst": e.get("DN", "") or e.get("OT", "")}
        for e in rot.findall(f"{{{ns}}}Error")
    ]
    return Kvittering(
        original_msg_id=original.strip(),
        status=(status.get("V", "") if status is not None else "").strip(),
        feil=feil,
    )
