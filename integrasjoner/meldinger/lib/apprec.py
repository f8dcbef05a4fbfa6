"""Building an AppRec 1.1 (HIS 80415:2012) for a received message, with lxml. Pure: the
caller validates it (`xsd_check(xml, "AppRec-v1.1.xsd")`) and sends it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lxml import etree

from integrasjoner.meldinger.lib.kodeverk import OID_8221, STATUS_TEKST, feil_tekst

AR = "http://www.kith.no/xmlstds/apprec/2012-02-15"


@dataclass(frozen=True)
class Part:
    """One side of the receipt: an institution's name and HER-id."""

    navn: str
    herid: str


def _el(
    parent: etree._Element, navn: str, tekst: str | None = None, **attrib: str
) -> etree._Element:
    el = etree.SubElement(parent, f"{{{AR}}}{navn}", attrib)
    if tekst is not None:
        el.text = tekst
    return el


def _hcp(parent: etree._Element, rolle: str, part: Part) -> None:
    side = _el(parent, rolle)
    hcp = _el(side, "HCP")
    inst = _el(hcp, "Inst")
    _el(inst, "Name", part.navn or "Ukjent")
    if part.herid:
        _el(inst, "Id", part.herid)
        _el(inst, "TypeId", V="HER", DN="HER-id")


def apprec_build(
    *,
    id: str,
    tidspunkt: dt.datetime,
    avsender: Part,
    mottaker: Part,
    status: str,
    feil: list[tuple[str, str]],
    original_type: str,
    original_id: str,
    original_dato: dt.datetime | None,
) -> bytes:
    """The receipt as UTF-8 XML. `avsender` is us (the receiver of the original message),
    `mottaker` its sender; `feil` is [(8221 code, our detail text)]."""
    rot = etree.Element(f"{{{AR}}}AppRec", nsmap={None: AR})  # type: ignore[dict-item]
    _el(rot, "MsgType", V="APPREC", DN="Applikasjonskvittering")
    _el(rot, "MIGversion", "v1.1 2012-02-15")
    _el(rot, "SoftwareName", "Kommunejournal")
    _el(rot, "SoftwareVersion", "1.0")
    _el(rot, "GenDate", tidspunkt.replace(microsecond=0).isoformat())
    _el(rot, "Id", id)
    _hcp(rot, "Sender", avsender)
    _hcp(rot, "Receiver", mottaker)
    _el(rot, "Status", V=status, DN=STATUS_TEKST[status])
    for kode, detalj in feil:
        tekst = feil_tekst(kode)
        attrib = {"V": kode, "S": OID_8221, "DN": tekst}
        if detalj:
            attrib["OT"] = detalj[:500]
        _el(rot, "Error", **attrib)
    orig = _el(rot, "OriginalMsgId")
    _el(orig, "MsgType", V=original_type or "UKJENT", DN=original_type or "Ukjent")
    _el(orig, "IssueDate", (original_dato or tidspunkt).replace(microsecond=0).isoformat())
    _el(orig, "Id", original_id or "ukjent")
    return bytes(etree.tostring(rot, xml_declaration=True, encoding="UTF-8"))
