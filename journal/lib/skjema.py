"""The form engine for assessments (kartlegging): standard forms are data, not code.

A form definition (Kartleggingsskjema.definisjon, loaded from journal/data/skjema/*.json) is
{
  "elementer": [                        # the items, in the order they are shown
    {"kode": "spise", "nummer": 10, "tekst": "Spise", "hjelpetekst": "…", "pakrevd": true,
     "gruppe": "egenomsorg",            # optional, a key of "grupper"
     "verdier": [{"verdi": 1, "tekst": "Ingen behov for bistand", "poeng": 1}, …]},
    …
  ],
  "grupper": [{"kode": "egenomsorg", "navn": "Egenomsorg"}, …],   # optional
  "poengregel": {"type": "sum", "min": 0, "maks": 100} | {"type": "ingen"},
  "veiledning": ["…"], "merknad": "…", "kilde": "…"             # optional texts
}
Answers are a JSON object keyed by item code with the chosen `verdi` (an integer). A value's
`poeng` is its score, or null when the value does not count (IPLOS 9 = ikke relevant).
Validation and scoring are generic and driven by the definition only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

POENGREGLER = ("sum", "ingen")


class SkjemaDefinitionError(ValueError):
    """A form definition file that cannot be loaded (the message says where, in Norwegian)."""


@dataclass(frozen=True)
class Verdi:
    verdi: int
    tekst: str
    poeng: int | None


@dataclass(frozen=True)
class Element:
    kode: str
    nummer: int
    tekst: str
    hjelpetekst: str
    pakrevd: bool
    gruppe: str
    verdier: tuple[Verdi, ...]

    def verdi_get(self, value: int | None) -> Verdi | None:
        for verdi in self.verdier:
            if verdi.verdi == value:
                return verdi
        return None

    @property
    def navn(self) -> str:
        """How messages name the item: "10 Spise"."""
        return f"{self.nummer} {self.tekst}"


@dataclass(frozen=True)
class Definisjon:
    """A parsed form definition."""

    elementer: tuple[Element, ...]
    grupper: tuple[tuple[str, str], ...]
    poengregel: str
    poeng_min: int | None
    poeng_maks: int | None
    veiledning: tuple[str, ...]
    merknad: str

    @property
    def har_total(self) -> bool:
        return self.poengregel == "sum"

    def element_get(self, kode: str) -> Element | None:
        for element in self.elementer:
            if element.kode == kode:
                return element
        return None

    def seksjoner(self) -> list[tuple[str, list[Element]]]:
        """Items by group in the definition's group order; one unnamed section without groups."""
        if not self.grupper:
            return [("", list(self.elementer))]
        return [
            (navn, [e for e in self.elementer if e.gruppe == kode]) for kode, navn in self.grupper
        ]


def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(raw: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise SkjemaDefinitionError(
            _("%(hvor)s: «%(felt)s» må være tekst.") % {"hvor": where, "felt": key}
        )
    return value


def _verdier(raw: object, where: str) -> tuple[Verdi, ...]:
    if not isinstance(raw, list) or not raw:
        raise SkjemaDefinitionError(_("%(hvor)s: «verdier» må være en liste.") % {"hvor": where})
    verdier = []
    for item in raw:
        if not isinstance(item, dict) or not _int(item.get("verdi")):
            raise SkjemaDefinitionError(
                _("%(hvor)s: hver verdi må ha en heltallig «verdi».") % {"hvor": where}
            )
        poeng = item.get("poeng")
        if poeng is not None and not _int(poeng):
            raise SkjemaDefinitionError(
                _("%(hvor)s: «poeng» må være et heltall eller null.") % {"hvor": where}
            )
        verdier.append(Verdi(item["verdi"], _text(item, "tekst", where), poeng))
    if len({v.verdi for v in verdier}) != len(verdier):
        raise SkjemaDefinitionError(_("%(hvor)s: samme verdi står to ganger.") % {"hvor": where})
    return tuple(verdier)


def definisjon_parse(raw: object) -> Definisjon:
    """Parse and check a definition; SkjemaDefinitionError names what is wrong."""
    if not isinstance(raw, dict):
        raise SkjemaDefinitionError(_("Skjemadefinisjonen må være et JSON-objekt."))
    grupper_raw = raw.get("grupper") or []
    if not isinstance(grupper_raw, list):
        raise SkjemaDefinitionError(_("«grupper» må være en liste."))
    grupper = tuple((_text(g, "kode", "grupper"), _text(g, "navn", "grupper")) for g in grupper_raw)
    gruppekoder = {kode for kode, _navn in grupper}
    elementer_raw = raw.get("elementer")
    if not isinstance(elementer_raw, list) or not elementer_raw:
        raise SkjemaDefinitionError(_("Skjemaet må ha minst ett element."))
    elementer = []
    for index, item in enumerate(elementer_raw, start=1):
        where = _("element %(n)s") % {"n": index}
        if not isinstance(item, dict):
            raise SkjemaDefinitionError(_("%(hvor)s må være et objekt.") % {"hvor": where})
        kode = _text(item, "kode", where)
        where = f"{where} ({kode})"
        nummer = item.get("nummer", index)
        gruppe = item.get("gruppe", "")
        if gruppe and gruppe not in gruppekoder:
            raise SkjemaDefinitionError(
                _("%(hvor)s: ukjent gruppe «%(gruppe)s».") % {"hvor": where, "gruppe": gruppe}
            )
        if grupper and not gruppe:
            raise SkjemaDefinitionError(_("%(hvor)s: mangler gruppe.") % {"hvor": where})
        elementer.append(
            Element(
                kode=kode,
                nummer=nummer if _int(nummer) else index,
                tekst=_text(item, "tekst", where),
                hjelpetekst=_text(item, "hjelpetekst", where, required=False),
                pakrevd=item.get("pakrevd", True) is not False,
                gruppe=gruppe,
                verdier=_verdier(item.get("verdier"), where),
            )
        )
    if len({e.kode for e in elementer}) != len(elementer):
        raise SkjemaDefinitionError(_("To elementer har samme kode."))
    regel = raw.get("poengregel") or {"type": "ingen"}
    if not isinstance(regel, dict) or regel.get("type") not in POENGREGLER:
        raise SkjemaDefinitionError(_("«poengregel» må ha type «sum» eller «ingen»."))
    poeng_min, poeng_maks = regel.get("min"), regel.get("maks")
    if regel["type"] == "sum":
        if not (_int(poeng_min) and _int(poeng_maks)):
            raise SkjemaDefinitionError(_("Poengregelen «sum» må ha «min» og «maks»."))
        lowest = sum(min((v.poeng or 0) for v in e.verdier) for e in elementer)
        highest = sum(max((v.poeng or 0) for v in e.verdier) for e in elementer)
        if (lowest, highest) != (poeng_min, poeng_maks):
            raise SkjemaDefinitionError(
                _("Poengområdet %(min)s–%(maks)s stemmer ikke med verdiene (%(lav)s–%(hoy)s).")
                % {"min": poeng_min, "maks": poeng_maks, "lav": lowest, "hoy": highest}
            )
    veiledning = raw.get("veiledning") or []
    return Definisjon(
        elementer=tuple(elementer),
        grupper=grupper,
        poengregel=regel["type"],
        poeng_min=poeng_min if regel["type"] == "sum" else None,
        poeng_maks=poeng_maks if regel["type"] == "sum" else None,
        veiledning=tuple(str(v) for v in veiledning) if isinstance(veiledning, list) else (),
        merknad=str(raw.get("merknad") or ""),
    )


def svar_validate(definisjon: Definisjon, svar: object, *, komplett: bool) -> dict[str, int]:
    """The answers cleaned (item code → value), or ValidationError per item code.

    Every answer must be a value the item allows; with `komplett` every required item must
    be answered (a draft may have gaps). Unknown item codes are refused, not dropped.
    """
    if not isinstance(svar, dict):
        raise ValidationError({"svar": [_("Svarene må være et objekt med elementkode og verdi.")]})
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, int] = {}
    for kode, value in svar.items():
        element = definisjon.element_get(str(kode))
        if element is None:
            errors[str(kode)] = [_("Skjemaet har ikke noe element «%(kode)s».") % {"kode": kode}]
            continue
        if value is None or value == "":
            continue
        number = _as_int(value)
        if number is None or element.verdi_get(number) is None:
            tillatt = ", ".join(str(v.verdi) for v in element.verdier)
            errors[element.kode] = [
                _("%(element)s: «%(verdi)s» er ikke et gyldig svar. Velg en av %(tillatt)s.")
                % {"element": element.navn, "verdi": value, "tillatt": tillatt}
            ]
            continue
        cleaned[element.kode] = number
    if komplett:
        for element in definisjon.elementer:
            if element.pakrevd and element.kode not in cleaned and element.kode not in errors:
                errors[element.kode] = [_("%(element)s: velg et svar.") % {"element": element.navn}]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _as_int(value: object) -> int | None:
    if _int(value):
        return value  # type: ignore[return-value]
    text = value.strip() if isinstance(value, str) else ""
    digits = text.removeprefix("-")
    # ASCII only and short: "²".isdigit() is true but int() refuses it, and int() refuses
    # more than 4,300 digits
    if digits.isascii() and digits.isdigit() and len(digits) <= 9:
        return int(text)
    return None


def total_calculate(definisjon: Definisjon, svar: Mapping[str, int]) -> int | None:
    """The form's total for complete answers (None for forms without one)."""
    if not definisjon.har_total:
        return None
    total = 0
    for element in definisjon.elementer:
        verdi = element.verdi_get(svar.get(element.kode))
        if verdi is not None and verdi.poeng is not None:
            total += verdi.poeng
    return total


# --- loading definitions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Skjemafil:
    kode: str
    navn: str
    versjon: int
    gyldig_fra: dt.date
    beskrivelse: str
    definisjon: dict[str, Any]


def skjemafil_parse(path: Path) -> Skjemafil:
    """Read one definition file and check it (SkjemaDefinitionError names the file)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SkjemaDefinitionError(
            _("%(fil)s kan ikke leses: %(feil)s") % {"fil": path.name, "feil": exc}
        ) from exc
    try:
        if not isinstance(raw, dict):
            raise SkjemaDefinitionError(_("Skjemadefinisjonen må være et JSON-objekt."))
        kode = _text(raw, "kode", "skjema")
        versjon = raw.get("versjon")
        if not isinstance(versjon, int) or isinstance(versjon, bool) or versjon < 1:
            raise SkjemaDefinitionError(_("«versjon» må være et positivt heltall."))
        try:
            gyldig_fra = dt.date.fromisoformat(str(raw.get("gyldig_fra")))
        except ValueError as exc:
            raise SkjemaDefinitionError(_("«gyldig_fra» må være en dato (ÅÅÅÅ-MM-DD).")) from exc
        navn = _text(raw, "navn", "skjema")
        beskrivelse = _text(raw, "beskrivelse", "skjema", required=False)
        definisjon = {
            k: v
            for k, v in raw.items()
            if k not in {"kode", "navn", "versjon", "gyldig_fra", "beskrivelse"}
        }
        definisjon_parse(definisjon)
    except SkjemaDefinitionError as exc:
        raise SkjemaDefinitionError(f"{path.name}: {exc}") from exc
    return Skjemafil(kode, navn, versjon, gyldig_fra, beskrivelse, definisjon)
