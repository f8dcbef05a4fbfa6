"""Reading the business content we turn into records: a medication list, a logistics
event, a dialog message. Pure (lxml); namespace-agnostic by local name, since PLO and
Dialogmelding reuse the same element names across versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lxml import etree


def _lokal(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _alle(rot: etree._Element, navn: str) -> list[etree._Element]:
    return [el for el in rot.iter() if _lokal(el) == navn]


def _barn(el: etree._Element, navn: str) -> etree._Element | None:
    for child in el:
        if _lokal(child) == navn:
            return child
    return None


def _tekst(el: etree._Element | None) -> str:
    if el is None:
        return ""
    return " ".join(str(t).strip() for t in el.itertext() if str(t).strip())


def _dato(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def legemidler_les(dokument: etree._Element) -> list[str]:
    """Each drug of a medication list as one line, as a nurse would read it:
    "Burinex tablett 1 mg: 2 tabl kl 08 og 13"."""
    linjer: list[str] = []
    for info in _alle(dokument, "Forskrivningsinfo"):
        navn = _tekst(_barn(info, "Navn"))
        if not navn:
            continue
        form = _barn(info, "Legemiddelform")
        styrke = _barn(info, "Styrke")
        deler = [navn]
        if form is not None and form.get("DN"):
            deler.append(str(form.get("DN")).lower())
        if styrke is not None and styrke.get("V"):
            deler.append(f"{styrke.get('V')} {styrke.get('U') or ''}".strip())
        dosering = _tekst(_barn(info, "DosVeiledEnkel"))
        linje = " ".join(deler) + (f": {dosering}" if dosering else "")
        linjer.append(linje[:300])
    return linjer


@dataclass(frozen=True)
class Hendelse:
    """A logistics event: kodeverk 9121 code and text, what happened, when."""

    kode: str
    tekst: str
    beskrivelse: str
    dato: dt.date | None


def hendelse_les(dokument: etree._Element) -> Hendelse | None:
    for hendelse in _alle(dokument, "TidsfestetHendelse"):
        kode = _barn(hendelse, "Hendelsekode")
        tid = _barn(hendelse, "TidspunktForHendelse")
        return Hendelse(
            kode=str(kode.get("V") or "") if kode is not None else "",
            tekst=str(kode.get("DN") or "") if kode is not None else "",
            beskrivelse=_tekst(_barn(hendelse, "BeskrivelseAvHendelse"))[:2000],
            dato=_dato(str(tid.get("V") or "")) if tid is not None else None,
        )
    return None


@dataclass(frozen=True)
class Dialog:
    """A dialog message's subject and text (question, answer or note)."""

    tema: str
    tekst: str
    fra: str


def dialog_les(dokument: etree._Element) -> Dialog:
    tema = ""
    tekster: list[str] = []
    for notat in _alle(dokument, "Notat"):
        kodet = _barn(notat, "TemaKodet")
        tema = _tekst(_barn(notat, "Tema")) or (
            str(kodet.get("DN") or "") if kodet is not None else ""
        )
        tekster.append(_tekst(_barn(notat, "TekstNotatInnhold")))
    for sporsmal in _alle(dokument, "Foresporsel"):
        type_ = _barn(sporsmal, "TypeForesp")
        tema = tema or (str(type_.get("DN") or "") if type_ is not None else "")
        if not tekster or not tekster[0]:
            tekster.append(_tekst(_barn(sporsmal, "Sporsmal")))
    fra = ""
    for hcp in _alle(dokument, "HealthcareProfessional"):
        fra = " ".join(
            t for t in (_tekst(_barn(hcp, "GivenName")), _tekst(_barn(hcp, "FamilyName"))) if t
        )
        break
    return Dialog(tema=tema[:300], tekst="\n\n".join(t for t in tekster if t)[:20000], fra=fra)
