"""Code lists (ICPC-2, ICD-10) loaded as data from the official code files.

The official files from finnkode.helsedirektoratet.no are semicolon-separated text with
a header row. Only the essential columns are read: the code (`Kode`) and its text
(`Tekst_uten_lengdebegrensning`, else `Tekst_med_maksimalt_60_tegn`, else `Tekst`), plus
`Gyldig_til` when present (a code valid only until a past date is loaded as inactive).
Lines starting with "--" or "#" are comments. Codes are stored as the official lists
write them: ICD-10 without the dot (E119), ICPC-2 as chapter letter + two digits (T90),
or the chapter letter alone (T).

Loading is an idempotent upsert: new codes are added, changed texts updated, unchanged
rows left alone. Codes are never deleted (diagnoses refer to them); with `fullstendig`
(a complete official list) codes missing from the file are made inactive.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# The values of journal.models.Kodeverk (lib code does not import models).
ICPC2 = "ICPC-2"
ICD10 = "ICD-10"
OID: dict[str, str] = {
    ICPC2: "urn:oid:2.16.578.1.12.4.1.1.7170",
    ICD10: "urn:oid:2.16.578.1.12.4.1.1.7110",
}

_FORMAT: dict[str, re.Pattern[str]] = {
    ICPC2: re.compile(r"[ABDFHKLNPRSTUWXYZ]([0-9]{2})?|-[0-9]{2}"),
    ICD10: re.compile(r"[A-Z][0-9]{2}[0-9A-Z]{0,2}"),
}
# ICD-10 files also list chapters (roman numerals) and blocks (A00-A09): not codes to set.
_ICD10_GROUP = re.compile(r"[IVXL]+|[A-Z][0-9]{2}-[A-Z][0-9]{2}")
_CODE_COLUMNS = ("kode", "code", "kodeverdi")
_TEXT_COLUMNS = (
    "tekst_uten_lengdebegrensning",
    "tekst",
    "tekst_med_maksimalt_60_tegn",
    "term",
    "beskrivelse",
)
_VALID_TO_COLUMNS = ("gyldig_til", "gyldigtil")
MAX_TEKST = 300  # Kode.tekst
MAX_KODE = 16  # Kode.kode


def kode_normalize(kode: str, kodeverk: str = "") -> str:
    """The stored form of a code as people type it: "e11.9 " → "E119"."""
    cleaned = re.sub(r"\s", "", kode).upper()
    if kodeverk != ICPC2:
        cleaned = cleaned.replace(".", "")
    return cleaned


def kode_is_chapter(kodeverk: str, kode: str) -> bool:
    """An ICPC-2 chapter letter: a heading for grouping, not a diagnosis to set."""
    return kodeverk == ICPC2 and len(kode) == 1


@dataclass(frozen=True)
class Koderad:
    kode: str
    tekst: str
    aktiv: bool = True


@dataclass
class Lastresultat:
    """What one load did, and the rows it could not read (Norwegian, with line numbers)."""

    kodeverk: str
    nye: int = 0
    endret: int = 0
    uendret: int = 0
    deaktivert: int = 0
    hoppet_over: int = 0
    feil: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "%(kv)s: %(nye)d nye, %(endret)d endret, %(uendret)d uendret, "
            "%(deaktivert)d deaktivert, %(hoppet)d overskrifter hoppet over, %(feil)d feil."
        ) % {
            "kv": self.kodeverk,
            "nye": self.nye,
            "endret": self.endret,
            "uendret": self.uendret,
            "deaktivert": self.deaktivert,
            "hoppet": self.hoppet_over,
            "feil": len(self.feil),
        }


class KodeverkFileError(ValueError):
    """The file cannot be read as a code list at all (no usable header, wrong encoding)."""


def kodeverk_decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older official exports are Windows-1252.
        return data.decode("cp1252", errors="replace")


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    normalized = [h.strip().lower().replace(" ", "_") for h in header]
    for name in names:
        if name in normalized:
            return normalized.index(name)
    return None


def _parse_date(value: str) -> dt.date | None:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%Y%m%d"):
        try:
            return dt.datetime.strptime(value[:10], fmt).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


@dataclass
class _Lesing:
    rader: list[Koderad] = field(default_factory=list)
    feil: list[str] = field(default_factory=list)
    hoppet_over: int = 0


def kodeverk_parse(text: str, *, kodeverk: str, today: dt.date) -> _Lesing:
    """Read code rows from the text of a code file; bad rows become Norwegian messages.
    A code whose validity ended before `today` is read as inactive."""
    if kodeverk not in _FORMAT:
        raise KodeverkFileError(_("Ukjent kodeverk «%(kv)s».") % {"kv": kodeverk})
    lines = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith(("--", "#"))
    ]
    if not lines:
        raise KodeverkFileError(_("Filen er tom."))
    delimiter = ";" if ";" in lines[0][1] else ("\t" if "\t" in lines[0][1] else ",")
    reader = csv.reader([line for _number, line in lines], delimiter=delimiter)
    rows = list(zip((number for number, _line in lines), reader, strict=True))
    header_number, header = rows[0]
    kode_col = _column(header, _CODE_COLUMNS)
    tekst_col = _column(header, _TEXT_COLUMNS)
    if kode_col is None or tekst_col is None:
        raise KodeverkFileError(
            _("Linje %(n)d: fant ikke kolonnene for kode og tekst i overskriftsraden.")
            % {"n": header_number}
        )
    til_col = _column(header, _VALID_TO_COLUMNS)
    result = _Lesing()
    seen: dict[str, int] = {}
    for number, row in rows[1:]:
        raw_kode = row[kode_col].strip() if kode_col < len(row) else ""
        tekst = " ".join(row[tekst_col].split()) if tekst_col < len(row) else ""
        kode = kode_normalize(raw_kode, kodeverk)
        if not kode:
            result.feil.append(_("Linje %(n)d: mangler kode.") % {"n": number})
            continue
        if kodeverk == ICD10 and _ICD10_GROUP.fullmatch(kode):
            result.hoppet_over += 1
            continue
        if len(kode) > MAX_KODE or not _FORMAT[kodeverk].fullmatch(kode):
            result.feil.append(
                _("Linje %(n)d: «%(kode)s» er ikke en gyldig %(kv)s-kode.")
                % {"n": number, "kode": raw_kode, "kv": kodeverk}
            )
            continue
        if not tekst:
            result.feil.append(
                _("Linje %(n)d: koden %(kode)s mangler tekst.") % {"n": number, "kode": kode}
            )
            continue
        if len(tekst) > MAX_TEKST:
            result.feil.append(
                _("Linje %(n)d: teksten til %(kode)s er lengre enn %(max)d tegn.")
                % {"n": number, "kode": kode, "max": MAX_TEKST}
            )
            continue
        if kode in seen:
            result.feil.append(
                _("Linje %(n)d: koden %(kode)s står allerede på linje %(forste)d.")
                % {"n": number, "kode": kode, "forste": seen[kode]}
            )
            continue
        seen[kode] = number
        gyldig_til = (
            _parse_date(row[til_col]) if til_col is not None and til_col < len(row) else None
        )
        result.rader.append(
            Koderad(kode=kode, tekst=tekst, aktiv=gyldig_til is None or gyldig_til >= today)
        )
    return result
