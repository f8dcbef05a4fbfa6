"""Search parameters as a FHIR client sends them: parsing only (pure), with Norwegian
messages for what cannot be understood. The selectors turn the parsed values into queries."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

STANDARD_ANTALL = 20
MAKS_ANTALL = 100
MAKS_SIDE = 100_000
MAKS_VERDI = 200

# Parameters every search takes besides the resource's own (FHIR "result parameters").
RESULTATPARAMETRE = ("_count", "_include", "_format", "side")
_DATO = re.compile(
    r"^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(T[0-9:.+\-Z]*)?$"
)
_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


class UgyldigParameter(ValueError):
    """A search parameter or value the server cannot use (the message is Norwegian)."""


@dataclass(frozen=True)
class Soekeparameter:
    """A search parameter of a resource as the CapabilityStatement lists it."""

    navn: str
    type: str  # FHIR search param type: token, string, date, reference
    dokumentasjon: str


@dataclass(frozen=True)
class Datoverdi:
    """A date search value: `prefiks` (eq, ge, gt, le, lt) over the day range [fra, til)."""

    prefiks: str
    fra: dt.date
    til: dt.date


def verdi_check(navn: str, verdi: str) -> str:
    verdi = verdi.strip()
    if not verdi:
        raise UgyldigParameter(_("Parameteren %(navn)s mangler verdi.") % {"navn": navn})
    if len(verdi) > MAKS_VERDI:
        raise UgyldigParameter(_("Verdien av %(navn)s er for lang.") % {"navn": navn})
    return verdi


def token_parse(verdi: str) -> tuple[str | None, str]:
    """`system|kode` → (system, kode); `kode` alone → (None, kode)."""
    if "|" in verdi:
        system, kode = verdi.split("|", 1)
        if not kode:
            raise UgyldigParameter(_("Skriv både system og verdi: system|verdi."))
        return (system or None), kode
    return None, verdi


def dato_parse(verdi: str) -> Datoverdi:
    """A FHIR date value with an optional prefix; year, month or day precision (a time
    part is accepted and its day used)."""
    match = _DATO.match(verdi)
    if match is None:
        raise UgyldigParameter(
            _("Ugyldig dato «%(v)s». Bruk ÅÅÅÅ-MM-DD, gjerne med prefiks (ge, le, gt, lt).")
            % {"v": verdi[:40]}
        )
    prefiks, aar, maaned, dag, _tid = match.groups()
    prefiks = prefiks or "eq"
    if prefiks not in ("eq", "ge", "gt", "le", "lt"):
        raise UgyldigParameter(_("Datoprefikset %(p)s støttes ikke.") % {"p": prefiks})
    try:
        if dag:
            fra = dt.date(int(aar), int(maaned), int(dag))
            til = fra + dt.timedelta(days=1)
        elif maaned:
            fra = dt.date(int(aar), int(maaned), 1)
            til = (fra + dt.timedelta(days=32)).replace(day=1)
        else:
            fra = dt.date(int(aar), 1, 1)
            til = dt.date(int(aar) + 1, 1, 1)
    except (ValueError, OverflowError) as exc:
        raise UgyldigParameter(_("Ugyldig dato «%(v)s».") % {"v": verdi[:40]}) from exc
    return Datoverdi(prefiks=prefiks, fra=fra, til=til)


def antall_parse(verdi: str | None) -> int:
    """`_count`: 1 to MAKS_ANTALL; a larger number is capped (the server may return fewer
    than asked, and says so in the Bundle's self link)."""
    if verdi is None or not verdi.strip():
        return STANDARD_ANTALL
    text = verdi.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise UgyldigParameter(_("_count må være et positivt heltall."))
    return max(1, min(int(text), MAKS_ANTALL))


def side_parse(verdi: str | None) -> int:
    if verdi is None or not verdi.strip():
        return 1
    text = verdi.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 6 or not 1 <= int(text) <= MAKS_SIDE:
        raise UgyldigParameter(
            _("side må være et heltall fra 1 til %(maks)s.") % {"maks": MAKS_SIDE}
        )
    return int(text)


def id_check(verdi: str) -> str:
    """A logical id as FHIR allows it; anything else cannot exist here."""
    if not _ID.match(verdi):
        raise UgyldigParameter(_("Ugyldig id."))
    return verdi


def referanse_parse(verdi: str, ressurstype: str) -> str:
    """`Patient/<id>` or `<id>` (and a full URL ending so) → the id."""
    tail = verdi.rstrip("/").rsplit("/", 2)
    if len(tail) >= 2 and tail[-2] != ressurstype:
        raise UgyldigParameter(_("Referansen må peke på %(type)s.") % {"type": ressurstype})
    return tail[-1]
