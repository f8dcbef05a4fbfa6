"""Builders of outgoing dialog messages (Dialogmelding, HIS 80603) between home care and the
GP: a question (forespørsel, v1.0), the answer to a question (svar, v1.0, which repeats the
question as the standard requires), and a free note (helsefaglig dialog, v1.1).

Codes are the ones the official examples in `integrasjoner/kith/eksempel/Dialogmelding/`
carry (kodeverk 9152 type forespørsel, 9069 svar, 7322 tema, 9034 rolle). Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from integrasjoner.meldinger.lib.bygg_msghead import Person, el

DIA_10 = "http://www.kith.no/xmlstds/dialog/2006-10-11"
DIA_11 = "http://www.kith.no/xmlstds/dialog/2013-01-23"
FK1 = "http://www.kith.no/xmlstds/felleskomponent1"
OID_ROLLE = "2.16.578.1.12.4.1.1.9034"
OID_PERSON_ID = "2.16.578.1.12.4.1.1.8116"

# MsgHead type (kodeverk 8279), display name, payload schema
DIALOG_TYPER = {
    "DIALOG_FORESPORSEL": ("Forespørsel", "dialogmelding.xsd"),
    "DIALOG_SVAR": ("Svar på forespørsel", "dialogmelding.xsd"),
    "DIALOG_HELSEFAGLIG": ("Helsefaglig dialog", "dialogmelding-v1.1.xsd"),
}
ROLLER = {"SP": ("9", "Primærkontakt"), "LE": ("6", "Fastlege")}


@dataclass(frozen=True)
class Dialog:
    """One dialog message: its kind (a key of DIALOG_TYPER), the text, the person writing
    it, and for an answer the question it answers."""

    type_kode: str
    tekst: str
    forfatter: Person
    tema: str = ""
    sporsmal: str = ""  # for DIALOG_SVAR: the question being answered


def _roller(parent: etree._Element, ns: str, person: Person) -> None:
    roller = el(parent, ns, "RollerRelatertNotat")
    rolle = ROLLER.get(person.kategori)
    if rolle is not None:
        el(roller, ns, "RoleToPatient", V=rolle[0], DN=rolle[1], S=OID_ROLLE)
    hp = el(roller, ns, "HealthcareProfessional")
    if person.kategori and ns == DIA_10:
        el(hp, ns, "TypeHealthcareProfessional", V=person.kategori, DN=person.kategori_navn)
    el(hp, ns, "FamilyName", person.etternavn)
    el(hp, ns, "GivenName", person.fornavn)
    if person.hpr_nummer:
        ident = el(hp, ns, "Ident")
        el(ident, FK1, "Id", person.hpr_nummer)
        el(ident, FK1, "TypeId", V="HPR", DN="HPR-nummer", S=OID_PERSON_ID)
    if person.telefon:
        el(el(hp, ns, "TeleCom"), FK1, "TeleAddress", V=f"tel:{person.telefon}")


def _foresporsel(parent: etree._Element, sporsmal: str, forfatter: Person | None) -> None:
    node = el(parent, DIA_10, "Foresporsel")
    el(node, DIA_10, "TypeForesp", V="99", DN="Annen henvendelse", S="2.16.578.1.12.4.1.1.9152")
    el(node, DIA_10, "Sporsmal", sporsmal)
    if forfatter is not None:
        _roller(node, DIA_10, forfatter)


def dialog_build(data: Dialog) -> etree._Element:
    """The Dialogmelding element for `data` (ValueError for an unknown kind)."""
    if data.type_kode == "DIALOG_FORESPORSEL":
        root = etree.Element(f"{{{DIA_10}}}Dialogmelding", nsmap={None: DIA_10, "fk1": FK1})  # type: ignore[dict-item]  # lxml-stubs: None is the default namespace
        _foresporsel(root, data.tekst, data.forfatter)
        return root
    if data.type_kode == "DIALOG_SVAR":
        root = etree.Element(f"{{{DIA_10}}}Dialogmelding", nsmap={None: DIA_10, "fk1": FK1})  # type: ignore[dict-item]  # lxml-stubs: None is the default namespace
        notat = el(root, DIA_10, "Notat")
        el(
            notat,
            DIA_10,
            "TemaKodet",
            V="5",
            DN="Svar på forespørsel",
            S="2.16.578.1.12.4.1.1.9069",
        )
        el(notat, DIA_10, "TekstNotatInnhold", data.tekst)
        _foresporsel(notat, data.sporsmal, None)
        _roller(notat, DIA_10, data.forfatter)
        return root
    if data.type_kode == "DIALOG_HELSEFAGLIG":
        root = etree.Element(f"{{{DIA_11}}}Dialogmelding", nsmap={None: DIA_11, "fk1": FK1})  # type: ignore[dict-item]  # lxml-stubs: None is the default namespace
        notat = el(root, DIA_11, "Notat")
        el(
            notat,
            DIA_11,
            "TemaKodet",
            V="6",
            DN="Henvendelse om pasient",
            S="2.16.578.1.12.4.1.1.7322",
        )
        if data.tema:
            el(notat, DIA_11, "Tema", data.tema)
        el(notat, DIA_11, "TekstNotatInnhold", data.tekst)
        _roller(notat, DIA_11, data.forfatter)
        return root
    raise ValueError(f"ukjent dialogtype {data.type_kode}")
