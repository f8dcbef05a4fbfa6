"""Builders of the outgoing PLO 1.6 business documents (HIS 80704:2014), from our data.

Each builder returns the document element (to be wrapped by `msghead.msghead_wrap`) and
names its schema; codes are the ones the official examples in
`integrasjoner/kith/eksempel/plo/1_6/` use, with the code list OIDs they carry. Pure: ids
(komponentID) and dates are passed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from lxml import etree

from integrasjoner.meldinger.lib.bygg_msghead import Person, el

PO = "http://www.kith.no/xmlstds/po/poKomponent/2012-04-01"
FK1 = "http://www.kith.no/xmlstds/felleskomponent1"
EPJ2 = "http://www.kith.no/xmlstds/epj/epj2/2008-02-20"
M1 = "http://www.kith.no/xmlstds/epj/meta/2008-02-20"
NS_INNLEGGELSESRAPPORT = "http://www.kith.no/xmlstds/po/Innleggelsesrapport/2012-04-01"
NS_ORIENTERING = "http://www.kith.no/xmlstds/po/OrienteringOmTjenestetilbud/2012-04-01"
NS_TIL_LEGE = "http://www.kith.no/xmlstds/po/HelseopplysningerTilLege/2012-04-01"
NS_LOGISTIKK = "http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01"

OID_ROLLE = "2.16.578.1.12.4.1.1.9034"  # rolle i forhold til pasienten
OID_OVERSKRIFT = "2.16.578.1.12.4.1.1.9142"  # journaloverskrift (PLO)
OID_PERSON_ID = "2.16.578.1.12.4.1.1.8116"
# Kodeverk 7309 forsendelsesstatus
FORSENDELSESSTATUS = {"N": "Ny", "M": "Endring", "C": "Kansellering"}

SKJEMA = {
    "INNLEGGELSESRAPPORT": "Innleggelsesrapport-v1.6.xsd",
    "ORIENTERING_TJENESTETILBUD": "OrienteringOmTjenestetilbud-v1.6.xsd",
    "HELSEOPPLYSNINGER_LEGE": "HelseopplysningerTilLege-v1.6.xsd",
    "LOG_DOD": "Pasientlogistikk-v1.6.xsd",
}


@dataclass(frozen=True)
class Tjeneste:
    """A service the patient has (EksisterendeTjeneste)."""

    betegnelse: str
    startdato: dt.date | None = None
    sluttdato: dt.date | None = None
    antall: Decimal | None = None
    enhet: str = ""  # e.g. "timer per uke"
    levert_av: str = ""
    merknad: str = ""


@dataclass(frozen=True)
class Rapport:
    """What every PLO report carries: status, who is responsible, approved when."""

    ansvarlig: Person
    godkjent: dt.date
    status: str = "N"


@dataclass(frozen=True)
class Notat:
    """A free-text journal note (epj2:GenereltJournalnotat) with its heading (kodeverk 9142)
    and the komponentID the caller assigns."""

    komponent_id: str
    tekst: str
    overskrift_kode: str = ""
    overskrift_navn: str = ""


@dataclass(frozen=True)
class Innleggelse:
    """Innleggelsesrapport (HIS 1143): home care → hospital when a patient is admitted."""

    rapport: Rapport
    aarsak: Notat | None = None
    viktige_opplysninger: Notat | None = None
    tjenester: list[Tjeneste] = field(default_factory=list)


def _root(ns: str, prefix: str, navn: str) -> etree._Element:
    return etree.Element(
        f"{{{ns}}}{navn}",
        nsmap={None: PO, prefix: ns, "fk1": FK1, "epj2": EPJ2, "m1": M1},  # type: ignore[dict-item]  # lxml-stubs: None is the default namespace
    )


def _forsendelse(root: etree._Element, status: str) -> None:
    if status not in FORSENDELSESSTATUS:
        raise ValueError(f"ukjent forsendelsesstatus {status}")
    info = el(root, PO, "InformasjonOmForsendelsen")
    el(info, PO, "Forsendelsesstatus", V=status, DN=FORSENDELSESSTATUS[status])


def helsepersonell(
    parent: etree._Element, ns: str, navn: str, person: Person, *, rolle: tuple[str, str] | None
) -> etree._Element:
    """A fk1:HealthcareProfessional-shaped element (in namespace `ns`) for `person`."""
    hp = el(parent, ns, navn)
    if person.kategori:
        el(
            hp,
            FK1 if ns == PO else ns,
            "TypeHealthcareProfessional",
            V=person.kategori,
            DN=person.kategori_navn,
        )
    sub = FK1 if ns == PO else ns
    if rolle is not None:
        el(hp, sub, "RoleToPatient", V=rolle[0], DN=rolle[1], S=OID_ROLLE)
    el(hp, sub, "FamilyName", person.etternavn)
    el(hp, sub, "GivenName", person.fornavn)
    if person.hpr_nummer:
        ident = el(hp, sub, "Ident")
        el(ident, FK1, "Id", person.hpr_nummer)
        el(ident, FK1, "TypeId", V="HPR", DN="HPR-nummer", S=OID_PERSON_ID)
    if person.telefon:
        telecom = el(hp, sub, "TeleCom")
        el(telecom, FK1, "TeleAddress", V=f"tel:{person.telefon}")
    return hp


def _ansvar(root: etree._Element, rapport: Rapport) -> None:
    ansvar = el(root, PO, "AnsvarForRapport")
    helsepersonell(ansvar, PO, "AnsvarligRapport", rapport.ansvarlig, rolle=("9", "Primærkontakt"))
    # AnsvarligRapport is of type fk1:HealthcareProfessional: its children are fk1 but
    # the element itself is po.
    el(ansvar, PO, "GodkjentDato", rapport.godkjent.isoformat())


def _notat(parent: etree._Element, notat: Notat) -> None:
    node = el(
        parent,
        EPJ2,
        "GenereltJournalnotat",
        komponentID=notat.komponent_id,
    )
    node.set(f"{{{M1}}}komponenttype", "2.16.578.1.12.4.1.6.13.11009.0")
    node.set(f"{{{M1}}}basiskomponenttype", "EPJ dokument")
    tekst = el(node, EPJ2, "Journaltekst")
    if notat.overskrift_kode:
        el(
            tekst,
            EPJ2,
            "Overskriftskode",
            V=notat.overskrift_kode,
            DN=notat.overskrift_navn,
            S=OID_OVERSKRIFT,
        )
    el(tekst, EPJ2, "Notat", notat.tekst)


def _tjeneste(root: etree._Element, t: Tjeneste) -> None:
    node = el(root, PO, "EksisterendeTjeneste")
    el(node, PO, "BetegnelseTjeneste", t.betegnelse)
    el(node, PO, "PrivatTjeneste", "false")
    if t.levert_av:
        el(node, PO, "TjenestenLevertAv", t.levert_av)
    if t.antall is not None:
        el(node, PO, "AntallEnheter", str(t.antall))
    if t.enhet:
        el(node, PO, "Enhet", t.enhet)
    if t.startdato:
        el(node, PO, "Startdato", t.startdato.isoformat())
    if t.sluttdato:
        el(node, PO, "Sluttdato", t.sluttdato.isoformat())
    if t.merknad:
        el(node, PO, "Merknad", t.merknad)


def innleggelsesrapport_build(data: Innleggelse) -> etree._Element:
    """p7:Innleggelsesrapport: status, responsible nurse, reason for admission (heading AAI),
    the services the patient has at home, other important information."""
    root = _root(NS_INNLEGGELSESRAPPORT, "p7", "Innleggelsesrapport")
    _forsendelse(root, data.rapport.status)
    _ansvar(root, data.rapport)
    if data.aarsak is not None:
        _notat(el(root, PO, "MedisinskfagligeOpplysninger"), data.aarsak)
    for t in data.tjenester:
        _tjeneste(root, t)
    if data.viktige_opplysninger is not None:
        _notat(el(root, PO, "InfoAndreViktigeOpplysninger"), data.viktige_opplysninger)
    return root


@dataclass(frozen=True)
class Orientering:
    """Orientering om tjenestetilbud (HIS 1146): the allocation office → the GP after a
    decision; at least one service."""

    rapport: Rapport
    tjenester: list[Tjeneste]


def orientering_build(data: Orientering) -> etree._Element:
    """p3:OrienteringOmTjenestetilbud with one EksisterendeTjeneste per service."""
    root = _root(NS_ORIENTERING, "p3", "OrienteringOmTjenestetilbud")
    _forsendelse(root, data.rapport.status)
    _ansvar(root, data.rapport)
    for t in data.tjenester:
        _tjeneste(root, t)
    return root


@dataclass(frozen=True)
class TilLege:
    """Helseopplysninger til lege (HIS 1145): home care asks the GP for an assessment."""

    rapport: Rapport
    problemstilling: Notat


def helseopplysninger_lege_build(data: TilLege) -> etree._Element:
    """p6:Konsultasjon: content "Ønske om legevurdering" and the current problem (PROB)."""
    root = _root(NS_TIL_LEGE, "p6", "Konsultasjon")
    _forsendelse(root, data.rapport.status)
    _ansvar(root, data.rapport)
    innhold = el(root, PO, "InnholdKonsultasjon")
    el(innhold, PO, "TypeInnholdKonsultasjon", V="3", DN="Ønske om legevurdering")
    _notat(el(root, PO, "MedisinskfagligeOpplysninger"), data.problemstilling)
    return root


@dataclass(frozen=True)
class Dodsfall:
    """Pasientlogistikk «Orientering om dødsfall» (HIS 1149, LOG_DOD): the municipality tells
    the GP or hospital that a patient in its care has died (Hendelsekode 13, kodeverk 9121)."""

    rapport: Rapport
    dato: dt.date
    beskrivelse: str = ""


def orientering_om_dod_build(data: Dodsfall) -> etree._Element:
    """p1:Pasientlogistikk with p1:OrienteringOmDod (one TidsfestetHendelse)."""
    root = _root(NS_LOGISTIKK, "p1", "Pasientlogistikk")
    _forsendelse(root, data.rapport.status)
    _ansvar(root, data.rapport)
    orientering = el(root, NS_LOGISTIKK, "OrienteringOmDod")
    hendelse = el(orientering, PO, "TidsfestetHendelse")
    el(hendelse, PO, "Hendelsekode", V="13", DN="Pasienten er død", S="2.16.578.1.12.4.1.1.9121")
    if data.beskrivelse:
        el(hendelse, PO, "BeskrivelseAvHendelse", data.beskrivelse)
    el(hendelse, PO, "TidspunktForHendelse", V=data.dato.isoformat())
    el(hendelse, PO, "Anslag", "false")
    return root
