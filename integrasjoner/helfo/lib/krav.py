"""The claim to HELFO as a KITH message: a Behandlerkravmelding (BKM, namespace
`http://www.kith.no/xmlstds/bkm/2006-12-20`, schema `Behandlerkrav.xsd`) inside a MsgHead
1.2 of type `LOM` (legeoppgjørsmelding), built with lxml from plain dataclasses.

One `Regning` is one consultation (an Enkeltregning): the patient's fødselsnummer, the time,
the ICPC-2 diagnoses, the fee codes (takster) with their amounts, the patient's share
(egenandel) and an exemption code (KodeEgenandel) when the patient pays none. The head
(`Kravhode`) names the claim (its id is the MsgId and the idempotency key), the
practitioner (HPR-nummer) and the office (organisasjonsnummer and HER-id).

`krav_xml` checks the data first (Norwegian messages, `KravFeil`), then validates the
business document against the shipped XSD and the envelope against MsgHead's: a message
that fails is never returned, so it is never sent.

Pure: no database, no clock (the generation time is an argument).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from lxml import etree

from core.identifikatorer import IdentifikatorError, identifikator_parse, orgnr_valid
from integrasjoner.kith.lib.xsd import xsd_errors

BKM_NS = "http://www.kith.no/xmlstds/bkm/2006-12-20"
MH_NS = "http://www.kith.no/xmlstds/msghead/2006-05-24"
BKM_SKJEMA = "Behandlerkrav.xsd"
MSGHEAD_SKJEMA = "MsgHead-v1_2.xsd"
MELDINGSTYPE = "LOM"
# OIDs of the code systems (volven.no): 9051 HER-id types, 8116 person id types,
# 7170 ICPC-2, 8116 also carries HPR ("HPR") and organisasjonsnummer ("ENH").
OID_HER = "2.16.578.1.12.4.1.1.9051"
OID_ID = "2.16.578.1.12.4.1.1.8116"
OID_ICPC2 = "2.16.578.1.12.4.1.1.7170"
# An ICPC-2 code: a chapter letter and two digits (a process code "-30" is not a diagnosis).
ICPC2 = re.compile(r"^[ABDFHKLNPRSTUWXYZ]\d{2}$")
TAKSTKODE = re.compile(r"^[0-9A-Za-z]{1,8}$")
# BKM's KodeEgenandel (STANDARDS §6): why a patient pays no share.
KODER_EGENANDEL = frozenset("ABEFGHIJKMRSY")
EPJ_NAVN = "Kommunejournal"


class KravFeil(ValueError):
    """A claim that cannot be sent; `feil` lists why, in Norwegian, for the user."""

    def __init__(self, feil: list[str]) -> None:
        self.feil = feil
        super().__init__("Kravet kan ikke sendes: " + "; ".join(feil[:5]))


@dataclass(frozen=True)
class Takst:
    """One fee code used at a consultation: code, amount per unit (kroner) and count."""

    kode: str
    verdi: Decimal
    antall: int = 1


@dataclass(frozen=True)
class Regning:
    """One consultation claimed (Enkeltregning)."""

    guid: uuid.UUID
    regning_nr: str
    fnr: str
    tidspunkt: dt.datetime
    diagnoser: tuple[str, ...]
    takster: tuple[Takst, ...]
    egenandel: Decimal = Decimal("0")
    egenandel_betalt: bool = True
    kode_egenandel: str = ""  # exemption code; empty when the patient pays the share
    merknad: str = ""

    @property
    def honorar(self) -> Decimal:
        return sum((t.verdi * t.antall for t in self.takster), Decimal("0"))

    @property
    def refusjon(self) -> Decimal:
        """What HELFO pays: the fees less the patient's share."""
        return self.honorar - self.egenandel


@dataclass(frozen=True)
class Kravhode:
    """Who claims, for what period, under which id."""

    krav_id: uuid.UUID
    generert: dt.datetime
    fra: dt.date
    til: dt.date
    behandler_hpr: str
    behandler_etternavn: str
    behandler_fornavn: str
    kontor_navn: str
    kontor_orgnr: str
    kontor_her_id: int
    mottaker_navn: str = "HELFO"
    mottaker_her_id: int = 0
    avdeling: str = ""
    regninger: Sequence[Regning] = field(default_factory=tuple)


OSLO = ZoneInfo("Europe/Oslo")


def _lokal(t: dt.datetime) -> str:
    """KITH times are local (Norwegian) time without an offset."""
    if t.tzinfo is not None:
        t = t.astimezone(OSLO)
    return t.replace(tzinfo=None, microsecond=0).isoformat()


def _penger(beloep: Decimal) -> str:
    return f"{beloep.quantize(Decimal('0.01'))}"


def krav_check(hode: Kravhode) -> list[str]:
    """What is wrong with the claim's data, in Norwegian (empty when nothing)."""
    feil: list[str] = []
    if not re.fullmatch(r"\d{1,9}", hode.behandler_hpr or ""):
        feil.append("Behandleren mangler gyldig HPR-nummer.")
    if not orgnr_valid(hode.kontor_orgnr or ""):
        feil.append("Legekontoret mangler gyldig organisasjonsnummer.")
    if not hode.kontor_her_id:
        feil.append("Legekontoret mangler HER-id.")
    if hode.til < hode.fra:
        feil.append("Perioden slutter før den begynner.")
    if not hode.regninger:
        feil.append("Kravet har ingen regninger.")
    for r in hode.regninger:
        hvem = f"Regning {r.regning_nr}"
        try:
            identifikator_parse(r.fnr, allow_synthetic=True)
        except IdentifikatorError as e:
            feil.append(f"{hvem}: {e}")
        if not r.diagnoser:
            feil.append(f"{hvem}: mangler diagnose (ICPC-2).")
        for kode in r.diagnoser:
            if not ICPC2.match(kode):
                feil.append(f"{hvem}: «{kode}» er ikke en ICPC-2-diagnose.")
        if not r.takster:
            feil.append(f"{hvem}: mangler takst.")
        for t in r.takster:
            if not TAKSTKODE.match(t.kode):
                feil.append(f"{hvem}: «{t.kode}» er ikke en takstkode.")
            if t.antall < 1 or t.verdi < 0:
                feil.append(f"{hvem}: takst {t.kode} har ugyldig antall eller beløp.")
        if r.egenandel < 0 or r.egenandel > r.honorar:
            feil.append(f"{hvem}: egenandelen må være mellom 0 og honoraret.")
        if r.kode_egenandel and r.kode_egenandel not in KODER_EGENANDEL:
            feil.append(f"{hvem}: ukjent fritakskode «{r.kode_egenandel}».")
        if r.kode_egenandel and r.egenandel:
            feil.append(f"{hvem}: pasient med fritak skal ikke betale egenandel.")
    return feil


def _e(
    parent: etree._Element, ns: str, name: str, text: str | None = None, **attrs: str
) -> etree._Element:
    el = etree.SubElement(parent, f"{{{ns}}}{name}", attrs)
    if text is not None:
        el.text = text
    return el


def _ident(
    parent: etree._Element,
    ns: str,
    verdi: str,
    type_v: str,
    type_dn: str,
    oid: str,
    navn: str = "Ident",
) -> None:
    ident = _e(parent, ns, navn)
    _e(ident, ns, "Id", verdi)
    _e(ident, ns, "TypeId", V=type_v, DN=type_dn, S=oid)


def _regning(krav: etree._Element, r: Regning, hode: Kravhode) -> None:
    b = BKM_NS
    er = _e(krav, b, "Enkeltregning")
    _e(er, b, "Guid", "{" + str(r.guid) + "}")
    _e(
        er,
        b,
        "BetaltEgenandel",
        korrigering="false",
        erBetalt="true" if r.egenandel_betalt else "false",
    )
    _e(er, b, "Kreditering", "false")
    _e(er, b, "RegningNr", r.regning_nr)
    _e(er, b, "DatoTid", _lokal(r.tidspunkt))
    if r.merknad:
        _e(er, b, "Merknad", r.merknad)
    pasient = _e(er, b, "Patient")
    _ident(pasient, b, r.fnr, "FNR", "Fødselsnummer", OID_ID)
    behandling = _e(er, b, "Behandling")
    if r.kode_egenandel:
        _e(behandling, b, "KodeEgenandel", V=r.kode_egenandel)
    for kode in r.diagnoser:
        _e(behandling, b, "Diagnose", V=kode, S=OID_ICPC2, DN="ICPC-2")
    _ident(behandling, b, hode.behandler_hpr, "HPR", "HPR-nummer", OID_ID, "Behandlerident")
    for t in r.takster:
        takst = _e(behandling, b, "Takst")
        _e(takst, b, "Verdi", V=_penger(t.verdi), U="NOK")
        _e(takst, b, "Kode", t.kode)
        _e(takst, b, "Antall", str(t.antall))
    sum_krav = _e(behandling, b, "SumKrav")
    _e(sum_krav, b, "EgenandelHonorar", V=_penger(r.egenandel), U="NOK")
    _e(sum_krav, b, "Refusjon", V=_penger(r.refusjon), U="NOK")


def bkm_build(hode: Kravhode) -> etree._Element:
    """The BehandlerKrav element (the business document), unvalidated."""
    b = BKM_NS
    root = etree.Element(f"{{{b}}}BehandlerKrav", {"navnEPJ": EPJ_NAVN}, nsmap={None: b})  # type: ignore[dict-item]
    if hode.avdeling:
        _e(root, b, "Avdeling", hode.avdeling)
    _e(root, b, "Praksistype", "1")  # fastlege (allmennlege med refusjonsrett)
    for r in hode.regninger:
        _regning(root, r, hode)
    krav = _e(root, b, "Krav")
    _e(krav, b, "AntallRegninger", str(len(hode.regninger)))
    total = sum((r.refusjon for r in hode.regninger), Decimal("0"))
    _e(krav, b, "SumKravSamlet", V=_penger(total), U="NOK")
    return root


def msghead_build(hode: Kravhode, innhold: etree._Element) -> etree._Element:
    """The MsgHead envelope (type LOM) around `innhold`."""
    m = MH_NS
    root = etree.Element(f"{{{m}}}MsgHead", nsmap={None: m})  # type: ignore[dict-item]
    info = _e(root, m, "MsgInfo")
    _e(info, m, "Type", V=MELDINGSTYPE, DN="Legeoppgjørsmelding")
    _e(info, m, "MIGversion", "v1.2 2006-05-24")
    _e(info, m, "GenDate", _lokal(hode.generert))
    _e(info, m, "MsgId", str(hode.krav_id))
    org = _e(_e(info, m, "Sender"), m, "Organisation")
    _e(org, m, "OrganisationName", hode.kontor_navn)
    _ident(org, m, str(hode.kontor_her_id), "HER", "HER-id", OID_HER)
    _ident(org, m, hode.kontor_orgnr, "ENH", "Organisasjonsnummeret i Enhetsregisteret", OID_ID)
    hp = _e(org, m, "HealthcareProfessional")
    _e(hp, m, "FamilyName", hode.behandler_etternavn)
    _e(hp, m, "GivenName", hode.behandler_fornavn)
    _ident(hp, m, hode.behandler_hpr, "HPR", "HPR-nummer", OID_ID)
    mottaker = _e(_e(info, m, "Receiver"), m, "Organisation")
    _e(mottaker, m, "OrganisationName", hode.mottaker_navn)
    _ident(mottaker, m, str(hode.mottaker_her_id), "HER", "HER-id", OID_HER)
    dokument = _e(root, m, "Document")
    _e(dokument, m, "ContentDescription", f"Krav {hode.fra.isoformat()}–{hode.til.isoformat()}")
    ref = _e(dokument, m, "RefDoc")
    _e(ref, m, "IssueDate", V=_lokal(hode.generert))
    _e(ref, m, "MsgType", V="XML", DN="XML-instans")
    _e(ref, m, "Content").append(innhold)
    return root


def melding_errors(melding: etree._Element) -> list[str]:
    """Why a LOM message is not valid: the BKM under Content against Behandlerkrav.xsd,
    the envelope (Content emptied of it) against MsgHead's schema."""
    innhold = melding.find(f".//{{{MH_NS}}}Content")
    if innhold is None or len(innhold) != 1:
        return ["Meldingen mangler innhold (Behandlerkrav)."]
    dokument = innhold[0]
    feil = [f"Behandlerkrav: {f}" for f in xsd_errors(dokument, BKM_SKJEMA)]
    konvolutt = etree.fromstring(etree.tostring(melding))
    tomt = konvolutt.find(f".//{{{MH_NS}}}Content")
    if tomt is not None:
        for barn in list(tomt):
            tomt.remove(barn)
    feil += [f"MsgHead: {f}" for f in xsd_errors(konvolutt, MSGHEAD_SKJEMA)]
    return feil


def krav_xml(hode: Kravhode) -> bytes:
    """The claim as LOM bytes (UTF-8), checked and schema-valid, or KravFeil."""
    feil = krav_check(hode)
    if feil:
        raise KravFeil(feil)
    melding = msghead_build(hode, bkm_build(hode))
    feil = melding_errors(melding)
    if feil:
        raise KravFeil(["Meldingen er ikke gyldig etter skjemaet: " + f for f in feil])
    return bytes(etree.tostring(melding, xml_declaration=True, encoding="UTF-8"))
