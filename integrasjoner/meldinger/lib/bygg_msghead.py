"""The MsgHead 1.2 envelope around an outgoing business document, and the validation every
outgoing message passes before it may be sent (envelope and payload, each against its own
published schema: MsgHead's `Content` is `xs:any` strict with no schema for the payload).

Pure: no database, no clock (the caller passes the time and the message id).
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

from lxml import etree

from integrasjoner.kith.lib.xsd import xml_parse, xsd_errors

MH = "http://www.kith.no/xmlstds/msghead/2006-05-24"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
MIG_VERSJON = "v1.2 2006-05-24"
MSGHEAD_SKJEMA = "MsgHead-v1_2.xsd"

# OIDs of the code lists (volven.no): 9051 organisation identifiers, 8116 person identifiers.
OID_ORG_ID = "2.16.578.1.12.4.1.1.9051"
OID_PERSON_ID = "2.16.578.1.12.4.1.1.8116"
# Kodeverk 3101 (kjønn) as MsgHead writes it.
KJONN = {"mann": ("1", "Mann"), "kvinne": ("2", "Kvinne"), "ukjent": ("9", "Ikke spesifisert")}
IDENT_NAVN = {"FNR": "Fødselsnummer", "DNR": "D-nummer", "HNR": "H-nummer", "FHN": "FH-nummer"}


@dataclass(frozen=True)
class Person:
    """A health professional named in a message (sender, receiver or responsible)."""

    etternavn: str
    fornavn: str
    hpr_nummer: str = ""
    herid: str = ""
    kategori: str = ""  # kodeverk 9060 (SP, LE …)
    kategori_navn: str = ""
    telefon: str = ""


@dataclass(frozen=True)
class Part:
    """A communication party: the organisation and, under it, the service (tjenestebasert
    adressering) or the person the message is addressed to."""

    org_navn: str
    org_herid: str
    tjeneste_navn: str = ""
    tjeneste_herid: str = ""
    person: Person | None = None


@dataclass(frozen=True)
class PasientInfo:
    """The patient in the envelope (mandatory for PLO)."""

    etternavn: str
    fornavn: str
    fodselsdato: dt.date
    kjonn: str
    ident: str
    ident_type: str
    mellomnavn: str = ""


@dataclass(frozen=True)
class Konvolutt:
    """What the envelope says: message type (kodeverk 8279), id, time, parties, patient and,
    for an answer, the message it answers."""

    type_kode: str
    type_navn: str
    msg_id: str
    tidspunkt: dt.datetime
    avsender: Part
    mottaker: Part
    pasient: PasientInfo
    svar_paa: str = ""
    samtale: str = ""


def el(
    parent: etree._Element, ns: str, navn: str, tekst: str | None = None, **attrs: str
) -> etree._Element:
    """A child element `{ns}navn` with optional text and attributes (empty ones left out)."""
    child = etree.SubElement(parent, f"{{{ns}}}{navn}")
    for key, value in attrs.items():
        if value:
            child.set(key, value)
    if tekst is not None:
        child.text = tekst
    return child


def _ident(
    parent: etree._Element, navn: str, verdi: str, type_v: str, type_dn: str, oid: str
) -> None:
    ident = el(parent, MH, navn)
    el(ident, MH, "Id", verdi)
    el(ident, MH, "TypeId", V=type_v, DN=type_dn, S=oid)


def _person(parent: etree._Element, person: Person) -> None:
    hp = el(parent, MH, "HealthcareProfessional")
    if person.kategori:
        el(hp, MH, "TypeHealthcareProfessional", V=person.kategori, DN=person.kategori_navn)
    el(hp, MH, "FamilyName", person.etternavn)
    el(hp, MH, "GivenName", person.fornavn)
    if person.herid:
        _ident(hp, "Ident", person.herid, "HER", "HER-id", OID_ORG_ID)
    if person.hpr_nummer:
        _ident(hp, "Ident", person.hpr_nummer, "HPR", "HPR-nummer", OID_PERSON_ID)


def _part(parent: etree._Element, navn: str, part: Part) -> None:
    wrapper = el(parent, MH, navn)
    org = el(wrapper, MH, "Organisation")
    el(org, MH, "OrganisationName", part.org_navn)
    _ident(org, "Ident", part.org_herid, "HER", "HER-id", OID_ORG_ID)
    if part.tjeneste_herid:
        sub = el(org, MH, "Organisation")
        el(sub, MH, "OrganisationName", part.tjeneste_navn or part.org_navn)
        _ident(sub, "Ident", part.tjeneste_herid, "HER", "HER-id", OID_ORG_ID)
    if part.person is not None:
        _person(org, part.person)


def _pasient(parent: etree._Element, p: PasientInfo) -> None:
    node = el(parent, MH, "Patient")
    el(node, MH, "FamilyName", p.etternavn)
    if p.mellomnavn:
        el(node, MH, "MiddleName", p.mellomnavn)
    el(node, MH, "GivenName", p.fornavn)
    el(node, MH, "DateOfBirth", p.fodselsdato.isoformat())
    kode, navn = KJONN.get(p.kjonn, KJONN["ukjent"])
    el(node, MH, "Sex", V=kode, DN=navn)
    _ident(
        node,
        "Ident",
        p.ident,
        p.ident_type,
        IDENT_NAVN.get(p.ident_type, p.ident_type),
        OID_PERSON_ID,
    )


def msghead_wrap(konvolutt: Konvolutt, dokument: etree._Element) -> bytes:
    """The whole message: MsgHead with `dokument` as the XML content of its one RefDoc."""
    root = etree.Element(f"{{{MH}}}MsgHead", nsmap={None: MH, "xsi": XSI})  # type: ignore[dict-item]  # lxml-stubs: None is the default namespace
    info = el(root, MH, "MsgInfo")
    el(info, MH, "Type", V=konvolutt.type_kode, DN=konvolutt.type_navn)
    el(info, MH, "MIGversion", MIG_VERSJON)
    el(info, MH, "GenDate", konvolutt.tidspunkt.replace(microsecond=0, tzinfo=None).isoformat())
    el(info, MH, "MsgId", konvolutt.msg_id)
    if konvolutt.svar_paa:
        ref = el(info, MH, "ConversationRef")
        el(ref, MH, "RefToParent", konvolutt.svar_paa)
        el(ref, MH, "RefToConversation", konvolutt.samtale or konvolutt.svar_paa)
    _part(info, "Sender", konvolutt.avsender)
    _part(info, "Receiver", konvolutt.mottaker)
    _pasient(info, konvolutt.pasient)
    document = el(root, MH, "Document")
    refdoc = el(document, MH, "RefDoc")
    el(
        refdoc,
        MH,
        "IssueDate",
        V=konvolutt.tidspunkt.replace(microsecond=0, tzinfo=None).isoformat(),
    )
    el(refdoc, MH, "MsgType", V="XML", DN="XML-instans")
    content = el(refdoc, MH, "Content")
    content.append(dokument)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def melding_errors(xml: bytes, payload_skjema: str) -> list[str]:
    """Why the message `xml` may not be sent (empty when it may): the envelope against
    MsgHead 1.2 (with its Content emptied) and the document under Content against
    `payload_skjema`. Errors are prefixed with which part failed."""
    try:
        root = xml_parse(xml)
    except SyntaxError as e:
        return [f"Ikke gyldig XML: {e}"[:500]]
    contents = root.findall(f"{{{MH}}}Document/{{{MH}}}RefDoc/{{{MH}}}Content")
    if len(contents) != 1 or len(contents[0]) != 1:
        return ["Konvolutt: meldingen skal ha nøyaktig ett fagdokument"]
    dokument = copy.deepcopy(contents[0][0])
    konvolutt = copy.deepcopy(root)
    for content in konvolutt.iter(f"{{{MH}}}Content"):
        for child in list(content):
            content.remove(child)
    feil = [f"Konvolutt: {f}" for f in xsd_errors(konvolutt, MSGHEAD_SKJEMA)]
    feil += [f"Fagdokument: {f}" for f in xsd_errors(dokument, payload_skjema)]
    return feil
