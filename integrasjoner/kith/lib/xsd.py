"""Validation of KITH messages against the official XSDs in `integrasjoner/kith/skjema/`.

The published schemas import each other by bare file name or by a kith.no URL; every file
is kept in one folder, and the few cross-folder and remote imports are mapped to our local
copies, so validation never touches the network (`allow="local"`).

    feil = xsd_errors(xml_bytes, "Behandlerkrav.xsd")   # [] when valid
    xsd_check(xml_bytes, "AppRec-v1.1.xsd")              # raises XsdFeil with the list
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import xmlschema
from lxml import etree

SKJEMA_DIR = Path(__file__).resolve().parents[1] / "skjema"
EKSEMPEL_DIR = Path(__file__).resolve().parents[1] / "eksempel"

# namespace → our copy, for imports that point outside the flat folder
_LOCATIONS = {
    "http://www.kith.no/xmlstds": "kith.xsd",
    "http://www.kith.no/xmlstds/felleskomponent1": "felleskomponent1.xsd",
}
MAKS_FEIL = 20


class XsdFeil(Exception):
    """A message that does not validate against its schema; `feil` lists why (at most 20)."""

    def __init__(self, skjema_navn: str, feil: list[str]) -> None:
        self.skjema_navn = skjema_navn
        self.feil = feil
        super().__init__(f"Meldingen er ikke gyldig etter {skjema_navn}: " + "; ".join(feil[:3]))


@cache
def skjema(navn: str) -> xmlschema.XMLSchema:
    """The compiled schema `navn` (a file name in `skjema/`), built once per process."""
    sti = (SKJEMA_DIR / navn).resolve()
    if sti.parent != SKJEMA_DIR or not sti.is_file():
        raise ValueError(f"Ukjent skjema: {navn}")
    locations = [(ns, str(SKJEMA_DIR / fil)) for ns, fil in _LOCATIONS.items()]
    return xmlschema.XMLSchema(str(sti), allow="local", locations=locations)


def xml_parse(xml: bytes | str) -> etree._Element:
    """Parse untrusted XML safely: no entities resolved, no network, no DTD loading.
    Raises `etree.XMLSyntaxError` (a `SyntaxError`) when it is not well-formed."""
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    return etree.fromstring(xml, parser=parser)


def xsd_errors(xml: bytes | str | etree._Element, navn: str) -> list[str]:
    """Why `xml` (bytes, text or a parsed element) is not valid against schema `navn`
    (empty when it is). Not well-formed XML is reported as one error, never raised.

    MsgHead's `Content` is open (`xs:any`): validate the envelope with
    "MsgHead-v1_2.xsd" and the business document (the element under `Content`) with its
    own schema."""
    try:
        element = xml if isinstance(xml, etree._Element) else xml_parse(xml)
    except SyntaxError as e:  # lxml's XMLSyntaxError
        return [f"Ikke gyldig XML: {e}"[:500]]
    feil: list[str] = []
    for f in skjema(navn).iter_errors(element):
        feil.append(f"{f.path or ''}: {f.reason or f.message}".strip(": "))
        if len(feil) >= MAKS_FEIL:
            break
    return feil


def xsd_check(xml: bytes | str | etree._Element, navn: str) -> None:
    """Raise `XsdFeil` unless `xml` validates against schema `navn`."""
    feil = xsd_errors(xml, navn)
    if feil:
        raise XsdFeil(navn, feil)
