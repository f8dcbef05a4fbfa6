"""Reading the FEST catalogue (the M30 message, namespaces
`http://www.kith.no/xmlstds/eresept/m30/2014-12-01` and `…/forskrivning/2014-12-01`) into
plain records. Pure: takes a file object, touches no database.

What is read, by element (FEST 2.5.1):

- `KatVirkestoff/OppfVirkestoff`: `Virkestoff` (Id, Navn, NavnEngelsk) and
  `VirkestoffMedStyrke` (Id, Styrke V/U, RefVirkestoff);
- `KatLegemiddelMerkevare/OppfLegemiddelMerkevare`: `Status` and `LegemiddelMerkevare` (Id,
  Varenavn, NavnFormStyrke, Atc, Reseptgruppe, LegemiddelformKort,
  SortertVirkestoffMedStyrke/RefVirkestoffMedStyrke, AdministreringLegemiddel with
  Administrasjonsvei and KanKnuses);
- `KatInteraksjon/OppfInteraksjon`: `Status` and `Interaksjon` (Id, Relevans,
  Situasjonskriterium, KliniskKonsekvens, Interaksjonsmekanisme, Handtering, Kildegrunnlag,
  Substansgruppe/Substans with Substans and Atc).

Elements are matched by local name, so a prefix or namespace change in a new FEST version
does not break the reader; everything else in the file is skipped. The file is read as a
stream (a full FEST is hundreds of megabytes). A file with a DTD or entity declarations is
refused (FEST has none; they are the usual way to attack an XML reader).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

M30_NS = "http://www.kith.no/xmlstds/eresept/m30/2014-12-01"
FORSKRIVNING_NS = "http://www.kith.no/xmlstds/eresept/forskrivning/2014-12-01"
AKTIV = "A"  # Status V="A": aktiv oppføring
CHUNK = 1 << 16
_OSLO = ZoneInfo("Europe/Oslo")


class FestError(ValueError):
    """The file is not a FEST extract we can read (message in Norwegian)."""


@dataclass(frozen=True)
class VirkestoffPost:
    fest_id: str
    navn: str
    navn_engelsk: str = ""


@dataclass(frozen=True)
class VirkestoffMedStyrkePost:
    fest_id: str
    virkestoff_id: str
    styrke: Decimal | None
    enhet: str


@dataclass(frozen=True)
class MerkevarePost:
    fest_id: str
    aktiv: bool
    varenavn: str
    navn_form_styrke: str
    atc: str
    atc_navn: str
    reseptgruppe: str
    legemiddelform: str
    legemiddelform_kode: str
    administrasjonsvei: str
    kan_knuses: bool | None
    virkestoff_med_styrke: tuple[str, ...]
    tidspunkt: dt.datetime | None


@dataclass(frozen=True)
class SubstansPost:
    gruppe: int
    substans: str
    atc: str


@dataclass(frozen=True)
class InteraksjonPost:
    fest_id: str
    aktiv: bool
    relevans: str
    situasjonskriterium: str
    klinisk_konsekvens: str
    mekanisme: str
    handtering: str
    kildegrunnlag: str
    substanser: tuple[SubstansPost, ...]


@dataclass
class FestUttrekk:
    """Everything read from one file."""

    hentet_dato: dt.datetime | None = None
    virkestoffer: list[VirkestoffPost] = field(default_factory=list)
    med_styrke: list[VirkestoffMedStyrkePost] = field(default_factory=list)
    merkevarer: list[MerkevarePost] = field(default_factory=list)
    interaksjoner: list[InteraksjonPost] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el: ET.Element, name: str) -> ET.Element | None:
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name]


def _text(el: ET.Element, name: str) -> str:
    c = _child(el, name)
    return " ".join((c.text or "").split()) if c is not None else ""


def _attr(el: ET.Element, name: str, attr: str = "V") -> str:
    c = _child(el, name)
    return (c.get(attr) or "").strip() if c is not None else ""


def _coded_or_text(el: ET.Element, name: str) -> str:
    """A CS/CV element's display name (DN), else its value, else its text."""
    c = _child(el, name)
    if c is None:
        return ""
    return (c.get("DN") or c.get("V") or " ".join((c.text or "").split())).strip()


def _datetime(value: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    # FEST gives local Norwegian time without an offset.
    return moment if moment.tzinfo else moment.replace(tzinfo=_OSLO)


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value.replace(",", ".")) if value else None
    except InvalidOperation:
        return None


def _kan_knuses(el: ET.Element) -> bool | None:
    adm = _child(el, "AdministreringLegemiddel")
    if adm is None:
        return None
    value = _attr(adm, "KanKnuses")
    # FEST kodeverk 7473 (Kan knuses): 1 = kan knuses, 2 = kan ikke knuses.
    return {"1": True, "2": False}.get(value)


def _merkevare(oppf: ET.Element) -> MerkevarePost | None:
    lm = _child(oppf, "LegemiddelMerkevare")
    if lm is None:
        return None
    adm = _child(lm, "AdministreringLegemiddel")
    return MerkevarePost(
        fest_id=_text(lm, "Id") or _text(oppf, "Id"),
        aktiv=_attr(oppf, "Status") in ("", AKTIV),
        varenavn=_text(lm, "Varenavn"),
        navn_form_styrke=_text(lm, "NavnFormStyrke") or _text(lm, "Varenavn"),
        atc=_attr(lm, "Atc"),
        atc_navn=_attr(lm, "Atc", "DN"),
        reseptgruppe=_attr(lm, "Reseptgruppe"),
        legemiddelform=_attr(lm, "LegemiddelformKort", "DN") or _text(lm, "LegemiddelformLang"),
        legemiddelform_kode=_attr(lm, "LegemiddelformKort"),
        administrasjonsvei=_attr(adm, "Administrasjonsvei", "DN") if adm is not None else "",
        kan_knuses=_kan_knuses(lm),
        virkestoff_med_styrke=tuple(
            _text(s, "RefVirkestoffMedStyrke") for s in _children(lm, "SortertVirkestoffMedStyrke")
        ),
        tidspunkt=_datetime(_text(oppf, "Tidspunkt")),
    )


def _interaksjon(oppf: ET.Element) -> InteraksjonPost | None:
    ia = _child(oppf, "Interaksjon")
    if ia is None:
        return None
    substanser = []
    for nummer, gruppe in enumerate(_children(ia, "Substansgruppe"), start=1):
        for s in _children(gruppe, "Substans"):
            substanser.append(
                SubstansPost(gruppe=nummer, substans=_text(s, "Substans"), atc=_attr(s, "Atc"))
            )
    return InteraksjonPost(
        fest_id=_text(ia, "Id") or _text(oppf, "Id"),
        aktiv=_attr(oppf, "Status") in ("", AKTIV),
        relevans=_attr(ia, "Relevans"),
        situasjonskriterium=_text(ia, "Situasjonskriterium"),
        klinisk_konsekvens=_text(ia, "KliniskKonsekvens"),
        mekanisme=_text(ia, "Interaksjonsmekanisme"),
        handtering=_text(ia, "Handtering"),
        kildegrunnlag=_coded_or_text(ia, "Kildegrunnlag"),
        substanser=tuple(substanser),
    )


def _virkestoff(oppf: ET.Element, uttrekk: FestUttrekk) -> None:
    if _attr(oppf, "Status") not in ("", AKTIV):
        return
    vs = _child(oppf, "Virkestoff")
    if vs is not None:
        uttrekk.virkestoffer.append(
            VirkestoffPost(
                fest_id=_text(vs, "Id"),
                navn=_text(vs, "Navn"),
                navn_engelsk=_text(vs, "NavnEngelsk"),
            )
        )
    vms = _child(oppf, "VirkestoffMedStyrke")
    if vms is not None:
        uttrekk.med_styrke.append(
            VirkestoffMedStyrkePost(
                fest_id=_text(vms, "Id"),
                virkestoff_id=_text(vms, "RefVirkestoff"),
                styrke=_decimal(_attr(vms, "Styrke")),
                enhet=_attr(vms, "Styrke", "U"),
            )
        )


def _typed(events: Iterator[tuple[object, ...]]) -> Iterator[tuple[str, ET.Element]]:
    """Only start/end events are asked for: each is (event, element)."""
    for event in events:
        name, el = event[0], event[1]
        if isinstance(name, str) and isinstance(el, ET.Element):
            yield name, el


def _events(fil: IO[bytes]) -> Iterator[tuple[str, ET.Element]]:
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    first = True
    while chunk := fil.read(CHUNK):
        if first:
            head = chunk[:4096]
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise FestError(_("Filen har en DTD eller entiteter; et FEST-uttrekk har ingen."))
            first = False
        try:
            parser.feed(chunk)
            yield from _typed(parser.read_events())
        except ET.ParseError as exc:
            raise FestError(_("Filen er ikke gyldig XML: %(feil)s.") % {"feil": exc}) from exc
    if first:
        raise FestError(_("Filen er tom."))
    try:
        parser.close()
        yield from _typed(parser.read_events())
    except ET.ParseError as exc:
        raise FestError(
            _("Filen slutter for tidlig eller er ikke gyldig XML: %(feil)s.") % {"feil": exc}
        ) from exc


def fest_read(fil: IO[bytes]) -> FestUttrekk:
    """Read a FEST M30 file. Raises FestError (Norwegian) for a file that is not FEST."""
    uttrekk = FestUttrekk()
    stack: list[ET.Element] = []
    seen_root = False
    for event, el in _events(fil):
        name = _local(el.tag)
        if event == "start":
            if not seen_root:
                if name != "FEST":
                    raise FestError(
                        _("Filen er ikke et FEST-uttrekk (rotelementet er «%(navn)s»).")
                        % {"navn": name}
                    )
                seen_root = True
            stack.append(el)
            continue
        stack.pop()
        if name == "HentetDato" and len(stack) == 1:
            uttrekk.hentet_dato = _datetime(el.text or "")
        elif name == "OppfLegemiddelMerkevare":
            post = _merkevare(el)
            if post is not None and post.fest_id:
                uttrekk.merkevarer.append(post)
        elif name == "OppfVirkestoff":
            _virkestoff(el, uttrekk)
        elif name == "OppfInteraksjon":
            ia = _interaksjon(el)
            if ia is not None and ia.fest_id:
                uttrekk.interaksjoner.append(ia)
        else:
            continue
        # Done with this entry: free it (a full FEST is large).
        if stack:
            stack[-1].remove(el)
    if not seen_root:
        raise FestError(_("Filen er tom."))
    return uttrekk
