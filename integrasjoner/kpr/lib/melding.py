"""Building the two KPR messages from plain data (no database, no clock).

KPR_IPL (`IPLOS(2018)rev2018_10_10.xsd`, namespace http://www.npr.no/xmlstds/iplos/2018)
carries per person the functional assessment, services, diagnoses, personal information and
stays, without identities; KPR_IDE (`XPR(ide).xsd`) carries the identities. Both carry the
same løpenummer, and a person's `pePeID` in KPR_IPL is the `pid` of their `PasientIdent` in
KPR_IDE. Output is deterministic: the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from lxml import etree

IPL_NS = "http://www.npr.no/xmlstds/iplos/2018"
IDE_NS = "http://www.npr.no/xmlstds/53_1_2_ide"
IPL_SKJEMA = "IPLOS(2018)rev2018_10_10.xsd"
IDE_SKJEMA = "XPR(ide).xsd"
IPL_VERSJON = "3.5"
IDE_VERSJON = "53.1.2"
# KPR's code for the kind of identity (kodeverk 9032), by our identifier type.
ID_TYPE = {"FNR": "1", "DNR": "2", "HNR": "3", "FHN": "12"}
KJONN = {"mann": "M", "kvinne": "K"}


@dataclass(frozen=True)
class Kontakt:
    """A contact person for KPR (type 1 innsendingsansvarlig, 2 IPLOS-kontakt)."""

    type: str
    navn: str
    telefon: str
    epost: str


@dataclass(frozen=True)
class Hode:
    """What both messages say about the delivery."""

    komnr: str
    kommunenavn: str
    fra: dt.date
    til: dt.date
    laget: dt.date
    loepenummer: str
    kontakter: tuple[Kontakt, ...]
    bydelsnr: str = "00"
    sys_id: str = "Kommunejournal"
    sys_versjon: str = "1.0"
    leverandor: str = "Kommunejournal"


@dataclass(frozen=True)
class Funksjon:
    """One functional variable (kodeverk 9111) scored 1–5 or 9, valid fra–til."""

    type: int
    verdi: int
    fra: dt.date
    til: dt.date


@dataclass(frozen=True)
class Tjeneste:
    """One decision on a service (kodeverk 9151) with its period and appeal."""

    tjenestetype: int
    vedtak_nummer: int  # tjVeID: KPR's stable number for the decision
    nummer_i_rekken: int  # tjVeNrID: 1 for the first decision, 2 for the one replacing it …
    vedtaksdato: dt.date
    innvilget: bool
    soeknadsdato: dt.date | None = None
    timer_uke: Decimal | None = None
    orgnr: str = ""
    fra: dt.date | None = None
    til: dt.date | None = None
    klage_mottatt: dt.date | None = None
    klage_besvart: dt.date | None = None


@dataclass(frozen=True)
class Diagnose:
    kodeverk: str  # "ICPC-2" | "ICD-10"
    kode: str
    fra: dt.date
    til: dt.date


@dataclass(frozen=True)
class Dogntilbud:
    """A stay in an institution with round-the-clock care (the unit's orgnr)."""

    orgnr: str
    fra: dt.date
    til: dt.date


@dataclass(frozen=True)
class Personoppl:
    """Personal information (PERSONOPPL); None = not recorded, left out."""

    fra: dt.date
    til: dt.date
    individuell_plan: str | None = None
    koordinator: str | None = None
    legemiddelgjennomgang: str | None = None
    legemiddelgjennomgang_dato: dt.date | None = None


@dataclass(frozen=True)
class Person:
    """One person of the report; `pasient_id` and the identity never reach KPR_IPL."""

    pasient_id: str
    nummer: int  # pePeID
    identifikator: str
    identifikator_type: str
    alder: int
    kjonn: str  # our value: "mann" | "kvinne" | "ukjent"
    komnr: str
    fra: dt.date
    endret: dt.date
    dod: dt.date | None = None
    bydelsnr: str = "00"
    personoppl: Personoppl | None = None
    funksjoner: tuple[Funksjon, ...] = ()
    tjenester: tuple[Tjeneste, ...] = ()
    diagnoser: tuple[Diagnose, ...] = ()
    dogntilbud: tuple[Dogntilbud, ...] = ()


@dataclass(frozen=True)
class Mangel:
    """Why a person cannot be reported, and which field to fix."""

    felt: str
    tekst: str


@dataclass
class Resultat:
    ipl: bytes
    ide: bytes
    personer: list[Person] = field(default_factory=list)


def person_mangler(person: Person) -> list[Mangel]:
    """The required facts the person lacks (empty when they can be reported)."""
    found: list[Mangel] = []
    if person.kjonn not in KJONN:
        found.append(Mangel("kjonn", "Kjønn er ikke registrert (mann eller kvinne)."))
    if not re.fullmatch(r"\d{4}", person.komnr or ""):
        found.append(Mangel("kommune", "Bostedskommune er ikke registrert."))
    if person.identifikator_type not in ID_TYPE or not person.identifikator:
        found.append(Mangel("identifikator", "Identifikatoren kan ikke rapporteres til KPR."))
    if any(t.tjenestetype <= 0 for t in person.tjenester):
        found.append(Mangel("tjenestetype", "Tjenestetypen har ingen IPLOS-kode (kodeverk 9151)."))
    if any(t.timer_uke is not None and t.timer_uke >= 1000 for t in person.tjenester):
        found.append(Mangel("omfang", "Timer per uke er for mange (høyst 999,99)."))
    trenger = any(t.innvilget for t in person.tjenester) or bool(person.dogntilbud)
    if trenger and not person.funksjoner:
        found.append(
            Mangel("kartlegging", "Mangler IPLOS-kartlegging (funksjonsvurdering) i perioden.")
        )
    return found


def _dato(d: dt.date) -> str:
    return f"{d:%Y%m%d}"


def _sub(parent: etree._Element, ns: str, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        element.text = text
    return element


def _timer(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def ipl_build(hode: Hode, personer: list[Person]) -> etree._Element:
    """The KPR_IPL document (root IPLOS) for the persons, in the order given."""
    n = IPL_NS
    root = etree.Element(f"{{{n}}}IPLOS", nsmap={None: n})  # type: ignore[dict-item]
    root.set("versjon", IPL_VERSJON)
    info = _sub(root, n, "INNHINFO")
    _sub(info, n, "iiInnhType", "P")
    _sub(info, n, "iiKomnr", hode.komnr)
    _sub(info, n, "iiBydelsnr", hode.bydelsnr)
    for k in hode.kontakter:
        kontakt = _sub(info, n, "iiKontakt")
        _sub(kontakt, n, "Type", k.type)
        _sub(kontakt, n, "Navn", k.navn)
        _sub(kontakt, n, "Telefon", k.telefon)
        _sub(kontakt, n, "Epost", k.epost)
    _sub(info, n, "iiFraDato", _dato(hode.fra))
    _sub(info, n, "iiTilDato", _dato(hode.til))
    _sub(info, n, "iiLagetDato", _dato(hode.laget))
    _sub(info, n, "iiSysID", hode.sys_id[:15])
    _sub(info, n, "iiSysVersjon", hode.sys_versjon[:15])
    _sub(info, n, "iiLopenr", hode.loepenummer)
    for p in personer:
        _person(root, p)
    return root


def _person(root: etree._Element, p: Person) -> None:
    n = IPL_NS
    pe_id = str(p.nummer)
    person = _sub(root, n, "PERSON")
    person.set("pePeID", pe_id)
    _sub(person, n, "peAlder", str(p.alder))
    _sub(person, n, "peKjonn", KJONN.get(p.kjonn, ""))
    _sub(person, n, "peKomnr", p.komnr)
    _sub(person, n, "peBydelsnr", p.bydelsnr)
    _sub(person, n, "peFraDato", _dato(p.fra))
    if p.dod is not None:
        _sub(person, n, "peDodDato", _dato(p.dod))
    _sub(person, n, "peEndrDato", _dato(p.endret))
    if p.personoppl is not None:
        o = p.personoppl
        po = _sub(person, n, "PERSONOPPL")
        po.set("poPeID", pe_id)
        po.set("poPoID", "1")
        if o.individuell_plan is not None:
            _sub(po, n, "poIndPlan", o.individuell_plan)
        if o.koordinator is not None:
            _sub(po, n, "poHarKoordinator", o.koordinator)
        if o.legemiddelgjennomgang is not None:
            _sub(po, n, "poLegeMiddGj", o.legemiddelgjennomgang)
        if o.legemiddelgjennomgang_dato is not None:
            _sub(po, n, "poLegeMiddGjDato", _dato(o.legemiddelgjennomgang_dato))
        _sub(po, n, "poFraDato", _dato(o.fra))
        _sub(po, n, "poTilDato", _dato(o.til))
    for i, f in enumerate(p.funksjoner, start=1):
        fn = _sub(person, n, "FUNKSJON")
        fn.set("fnPeID", pe_id)
        fn.set("fnFnID", str(i))
        _sub(fn, n, "fnFunkType", str(f.type))
        _sub(fn, n, "fnFunkVerdi", str(f.verdi))
        _sub(fn, n, "fnFraDato", _dato(f.fra))
        _sub(fn, n, "fnTilDato", _dato(f.til))
    for i, t in enumerate(p.tjenester, start=1):
        tj = _sub(person, n, "TJENESTE")
        tj.set("tjPeID", pe_id)
        tj.set("tjTjID", str(i))
        tj.set("tjVeID", str(t.vedtak_nummer))
        tj.set("tjVeNrID", str(t.nummer_i_rekken))
        _sub(tj, n, "tjTjenType", str(t.tjenestetype))
        if t.soeknadsdato is not None:
            _sub(tj, n, "tjSoknadDato", _dato(t.soeknadsdato))
        _sub(tj, n, "tjVedtDato", _dato(t.vedtaksdato))
        _sub(tj, n, "tjVedtak", "1" if t.innvilget else "2")
        if t.timer_uke is not None:
            _sub(tj, n, "tjTimerUke", _timer(t.timer_uke))
        if t.orgnr:
            _sub(tj, n, "tjInstOrgnr", t.orgnr)
        if t.fra is not None:
            _sub(tj, n, "tjFraDato", _dato(t.fra))
        if t.til is not None:
            _sub(tj, n, "tjTilDato", _dato(t.til))
        if t.klage_mottatt is not None:
            _sub(tj, n, "tjKlageMottatt", _dato(t.klage_mottatt))
        if t.klage_besvart is not None:
            _sub(tj, n, "tjKlageBesvart", _dato(t.klage_besvart))
    for i, d in enumerate(p.diagnoser, start=1):
        di = _sub(person, n, "DIAGNOSE")
        di.set("diPeID", pe_id)
        di.set("diDiID", str(i))
        _sub(di, n, "diKodeVersjon", d.kodeverk)
        _sub(di, n, "diDiagKode", d.kode)
        _sub(di, n, "diFraDato", _dato(d.fra))
        _sub(di, n, "diTilDato", _dato(d.til))
    for i, s in enumerate(p.dogntilbud, start=1):
        dg = _sub(person, n, "DOGNTILBUD")
        dg.set("dgPeID", pe_id)
        dg.set("dgDgID", str(i))
        _sub(dg, n, "dgInstOrgnr", s.orgnr)
        _sub(dg, n, "dgFraDato", _dato(s.fra))
        _sub(dg, n, "dgTilDato", _dato(s.til))


def ide_build(hode: Hode, personer: list[Person]) -> etree._Element:
    """The KPR_IDE document (root Melding): one PasientIdent per person, pid = pePeID."""
    n = IDE_NS
    root = etree.Element(f"{{{n}}}Melding", nsmap={None: n})  # type: ignore[dict-item]
    for name, value in (
        ("versjon", IDE_VERSJON),
        ("meldingstype", "B"),
        ("fraDatoPeriode", hode.fra.isoformat()),
        ("uttakDato", hode.laget.isoformat()),
        ("leverandor", hode.leverandor),
        ("navnEPJ", hode.sys_id),
        ("versjonEPJ", hode.sys_versjon),
        ("versjonUt", IPL_VERSJON),
        ("lopenr", hode.loepenummer),
        ("tilDatoPeriode", hode.til.isoformat()),
    ):
        root.set(name, value)
    for k in hode.kontakter:
        kontakt = _sub(root, n, "Kontaktperson")
        kontakt.set("kontPerson", k.navn)
        if k.telefon:
            kontakt.set("meldTelefon", k.telefon)
        kontakt.set("meldEpost1", k.epost)
        kontakt.set("typeKontaktperson", "16")  # IPLOS (kodeverk 8471)
    institusjon = _sub(root, n, "Institusjon")
    institusjon.set("institusjonID", hode.komnr)
    for p in personer:
        ident = _sub(institusjon, n, "PasientIdent")
        ident.set("pid", str(p.nummer))
        ident.set("fid", p.identifikator)
        ident.set("typeID", ID_TYPE.get(p.identifikator_type, "9"))
    return root


def xml_bytes(element: etree._Element) -> bytes:
    return bytes(etree.tostring(element, xml_declaration=True, encoding="UTF-8"))


_PERSON_STI = re.compile(r"PERSON\[(\d+)\]")


def person_index(sti: str) -> int | None:
    """The 0-based index of the PERSON an XSD error path points into, if any."""
    match = _PERSON_STI.search(sti or "")
    return int(match.group(1)) - 1 if match else None


_LAGET = re.compile(rb"<iiLagetDato>\d{8}</iiLagetDato>|uttakDato=\"[0-9-]{10}\"")


def uten_tidsstempel(xml: bytes) -> bytes:
    """The message with its generation date blanked (to compare two builds)."""
    return _LAGET.sub(b"", xml)
