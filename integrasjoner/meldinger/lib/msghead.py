"""Reading a received MsgHead 1.2 message: which schema each part validates against, the
envelope facts we route and match on, and the business document. Pure (lxml only).

    konvolutt = msghead_read(xml_bytes)   # raises Meldingsfeil(kode, tekst) with an 8221 code
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lxml import etree

from integrasjoner.kith.lib.xsd import xml_parse
from integrasjoner.meldinger.lib.skjema import gyldig_feil

MH = "http://www.kith.no/xmlstds/msghead/2006-05-24"
NS = {"mh": MH}

# The business document's namespace → its schema (STANDARDS §2.1; trust the XSD).
SKJEMA_FOR_NAVNEROM = {
    "http://www.kith.no/xmlstds/dialog/2006-10-11": "dialogmelding.xsd",
    "http://www.kith.no/xmlstds/dialog/2013-01-23": "dialogmelding-v1.1.xsd",
    "http://www.kith.no/xmlstds/po/HelseopplysningerVedSoknad/2012-04-01": (
        "Helseopplysninger-v1.6.xsd"
    ),
    "http://www.kith.no/xmlstds/po/HelseopplysningerTilLege/2012-04-01": (
        "HelseopplysningerTilLege-v1.6.xsd"
    ),
    "http://www.kith.no/xmlstds/po/Innleggelsesrapport/2012-04-01": (
        "Innleggelsesrapport-v1.6.xsd"
    ),
    "http://www.kith.no/xmlstds/po/MedisinskeOpplysninger/2012-04-01": (
        "MedisinskeOpplysninger-v1.6.xsd"
    ),
    "http://www.kith.no/xmlstds/po/OrienteringOmTjenestetilbud/2012-04-01": (
        "OrienteringOmTjenestetilbud-v1.6.xsd"
    ),
    "http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01": "Pasientlogistikk-v1.6.xsd",
    "http://www.kith.no/xmlstds/po/TverrfagligEpikrise/2012-04-01": (
        "TverrfagligEpikrise-v1.6.xsd"
    ),
    "http://www.kith.no/xmlstds/base64container": "kith-base64.xsd",
}


class Meldingsfeil(Exception):
    """Why a message cannot be received: an 8221 code and a text for the sender."""

    def __init__(self, kode: str, tekst: str) -> None:
        self.kode = kode
        self.tekst = tekst[:500]
        super().__init__(f"{kode}: {self.tekst}")


@dataclass
class Konvolutt:
    """The MsgHead facts of one message, and its parsed business document."""

    msg_id: str
    type: str
    gen_date: dt.datetime | None
    avsender_herider: list[str]  # outermost organisation first
    avsender_navn: str
    mottaker_herider: list[str]
    mottaker_navn: str
    pasient_fnr: str
    pasient_navn: str
    pasient_fodt: str
    konversasjon_ref: str
    ref_til_forelder: str
    dokument: etree._Element | None
    forsendelsesstatus: str = "N"
    vedlegg_byte: int = 0
    rot: etree._Element | None = field(default=None, repr=False)

    @property
    def navnerom(self) -> str:
        return etree.QName(self.dokument).namespace or "" if self.dokument is not None else ""


def _tekst(element: etree._Element, sti: str) -> str:
    found = element.find(sti, NS)
    return (found.text or "").strip() if found is not None else ""


def _herider(org: etree._Element | None) -> list[str]:
    """The HER-ids of an organisation and its sub-organisations/persons, outermost first."""
    if org is None:
        return []
    ids: list[str] = []
    for ident in org.iter(f"{{{MH}}}Ident"):
        typeid = ident.find("mh:TypeId", NS)
        if typeid is not None and typeid.get("V") == "HER":
            ids.append(_tekst(ident, "mh:Id"))
    return [i for i in ids if i]


def _navn(org: etree._Element | None) -> str:
    if org is None:
        return ""
    names = [(n.text or "").strip() for n in org.iter(f"{{{MH}}}OrganisationName")]
    return " / ".join(n for n in names if n)[:300]


def _dato(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def envelope_errors(rot: etree._Element) -> list[str]:
    """The envelope against MsgHead-v1_2.xsd, with every Content's payload replaced by a
    small stand-in for the time of the check (Content's `xs:any` is strict with no schema
    for the payload; the payload is validated on its own). `rot` is left as it was."""
    fjernet: list[tuple[etree._Element, list[etree._Element]]] = []
    for content in rot.iterfind(".//mh:Document/mh:RefDoc/mh:Content", NS):
        barn = list(content)
        for child in barn:
            content.remove(child)
        # a small global element the MsgHead schema declares, standing in for the payload
        ref = etree.SubElement(content, f"{{{MH}}}ConversationRef")
        etree.SubElement(ref, f"{{{MH}}}RefToParent").text = "x"
        etree.SubElement(ref, f"{{{MH}}}RefToConversation").text = "x"
        fjernet.append((content, barn))
    try:
        return gyldig_feil(rot, "MsgHead-v1_2.xsd")
    finally:
        for content, barn in fjernet:
            for child in list(content):
                content.remove(child)
            content.extend(barn)


def msghead_read(xml: bytes) -> Konvolutt:
    """Parse and validate a received message; raise Meldingsfeil with the 8221 code:
    T01 not XML, T10 not a MsgHead or a document type we do not support, T02 not valid
    against its schema, E10 no MsgId, E30 no patient identifier."""
    try:
        rot = xml_parse(xml)
    except SyntaxError as e:
        raise Meldingsfeil("T01", f"Ikke gyldig XML: {e}") from e
    if etree.QName(rot).namespace != MH or etree.QName(rot).localname != "MsgHead":
        raise Meldingsfeil("T10", f"Ikke en MsgHead 1.2-melding: {etree.QName(rot).text}")
    feil = envelope_errors(rot)
    if feil:
        raise Meldingsfeil("T02", "MsgHead: " + "; ".join(feil[:3]))
    info = rot.find("mh:MsgInfo", NS)
    if info is None:  # the schema requires it; kept for the type checker
        raise Meldingsfeil("T02", "MsgInfo mangler")
    dokument: etree._Element | None = None
    vedlegg = 0
    for i, content in enumerate(rot.iterfind("mh:Document/mh:RefDoc/mh:Content", NS)):
        if not len(content):
            continue
        element = content[0]
        ns = etree.QName(element).namespace or ""
        skjema = SKJEMA_FOR_NAVNEROM.get(ns)
        if skjema is None:
            if i == 0:
                raise Meldingsfeil("T10", f"Dokumenttypen støttes ikke: {ns}")
            continue
        feil = gyldig_feil(element, skjema)
        if feil:
            raise Meldingsfeil("T02", f"{skjema}: " + "; ".join(feil[:3]))
        if i == 0:
            dokument = element
        else:
            vedlegg += len(etree.tostring(element))
    msg_id = _tekst(info, "mh:MsgId")
    if not msg_id:
        raise Meldingsfeil("E10", "MsgId mangler")
    pasient = info.find("mh:Patient", NS)
    fnr = ""
    navn = fodt = ""
    if pasient is not None:
        fnr = _tekst(pasient, "mh:Ident/mh:Id")
        navn = " ".join(
            p for p in (_tekst(pasient, "mh:GivenName"), _tekst(pasient, "mh:FamilyName")) if p
        )
        fodt = _tekst(pasient, "mh:DateOfBirth")
    type_el = info.find("mh:Type", NS)
    konvolutt = Konvolutt(
        msg_id=msg_id[:100],
        type=(type_el.get("V") or "") if type_el is not None else "",
        gen_date=_dato(_tekst(info, "mh:GenDate")),
        avsender_herider=_herider(info.find("mh:Sender/mh:Organisation", NS)),
        avsender_navn=_navn(info.find("mh:Sender/mh:Organisation", NS)),
        mottaker_herider=_herider(info.find("mh:Receiver/mh:Organisation", NS)),
        mottaker_navn=_navn(info.find("mh:Receiver/mh:Organisation", NS)),
        pasient_fnr=fnr[:11],
        pasient_navn=navn[:200],
        pasient_fodt=fodt,
        konversasjon_ref=_tekst(info, "mh:ConversationRef/mh:RefToConversation")[:100],
        ref_til_forelder=_tekst(info, "mh:ConversationRef/mh:RefToParent")[:100],
        dokument=dokument,
        vedlegg_byte=vedlegg,
        rot=rot,
    )
    if dokument is not None:
        status = dokument.xpath(
            "string(.//*[local-name()='InformasjonOmForsendelsen']"
            "/*[local-name()='Forsendelsesstatus']/@V)"
        )
        konvolutt.forsendelsesstatus = str(status or "N")[:1]
    return konvolutt


def fritekst(dokument: etree._Element, *navn: str, maks: int = 4000) -> str:
    """The text of the first elements with these local names, joined (for showing)."""
    deler: list[str] = []
    for n in navn:
        for el in dokument.iter():
            if isinstance(el.tag, str) and etree.QName(el).localname == n:
                tekst = " ".join(str(t).strip() for t in el.itertext() if str(t).strip())
                if tekst:
                    deler.append(tekst)
    return "\n\n".join(deler)[:maks]
