"""The payroll file (lønnsfil): the layout is fixed here and shown on the period page.

Format: UTF-8 (no byte order mark), fields separated by semicolon (`;`), lines ended by
CRLF, a header line first, fields quoted only when they contain `;`, `"` or a line break.
Dates are ISO (YYYY-MM-DD); hours have a decimal comma and two decimals (`7,50`); a
correction (delta) line has negative or positive hours and names the line it corrects.

One line per Loennslinje, ordered by unit, staff member, day and source item.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol


class _Kommune(Protocol):
    @property
    def nummer(self) -> str: ...


class _Enhet(Protocol):
    @property
    def navn(self) -> str: ...


class _Ansatt(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def username(self) -> str: ...
    def get_full_name(self) -> str: ...


class Periode(Protocol):
    """What the file needs of a pay period (lonn.models.Loennsperiode)."""

    @property
    def kommune(self) -> _Kommune: ...
    @property
    def fra_dato(self) -> dt.date: ...
    @property
    def til_dato(self) -> dt.date: ...


class Linje(Protocol):
    """What the file needs of a pay line (lonn.models.Loennslinje)."""

    @property
    def pk(self) -> Any: ...
    @property
    def enhet_id(self) -> uuid.UUID: ...
    @property
    def enhet(self) -> _Enhet: ...
    @property
    def ansatt(self) -> _Ansatt | None: ...
    @property
    def lonnsart(self) -> str: ...
    @property
    def kilde(self) -> str: ...
    @property
    def dato(self) -> dt.date: ...
    @property
    def timer(self) -> Decimal: ...
    @property
    def pasient_id(self) -> uuid.UUID | None: ...
    @property
    def tjeneste_id(self) -> uuid.UUID | None: ...
    @property
    def korreksjon(self) -> bool: ...
    @property
    def korreksjon_av_id(self) -> uuid.UUID | None: ...


@dataclass(frozen=True)
class Kolonne:
    navn: str
    beskrivelse: str


KOLONNER: tuple[Kolonne, ...] = (
    Kolonne("kommunenr", "Kommunenummer (4 siffer)."),
    Kolonne("periode_fra", "Periodens første dag (ÅÅÅÅ-MM-DD)."),
    Kolonne("periode_til", "Periodens siste dag (ÅÅÅÅ-MM-DD)."),
    Kolonne("linje_id", "Linjens id (UUID); stabil, brukes av korreksjoner."),
    Kolonne("enhet_id", "Enhetens id (UUID)."),
    Kolonne("enhet", "Enhetens navn."),
    Kolonne("ansatt_id", "Den ansattes id (UUID); tom for BPA og omsorgsstønad."),
    Kolonne("brukernavn", "Den ansattes brukernavn; tomt for BPA og omsorgsstønad."),
    Kolonne("ansatt", "Den ansattes navn; tomt for BPA og omsorgsstønad."),
    Kolonne("lonnsart", "Kommunens lønnsart for kilden."),
    Kolonne(
        "kilde",
        "hjemmebesok, vakt_hjemmetjeneste, vakt_sykehjem, bpa eller omsorgsstonad.",
    ),
    Kolonne("dato", "Dagen arbeidet (for vedtakstimer: periodens første dag)."),
    Kolonne("timer", "Timer med desimalkomma og to desimaler; negativt for fradrag."),
    Kolonne(
        "pasient_id",
        "Pasientens id (UUID) for BPA og omsorgsstønad, som lønnssystemet kobler til "
        "assistent eller omsorgsyter; ellers tom.",
    ),
    Kolonne("tjeneste_id", "Tjenestens id (UUID) for BPA og omsorgsstønad; ellers tom."),
    Kolonne("korreksjon", "J for en korreksjonslinje (endring etter lukket periode), ellers N."),
    Kolonne("korrigerer_linje_id", "linje_id til linjen som korrigeres; ellers tom."),
)
HODE = [k.navn for k in KOLONNER]


def timer_tekst(timer: Decimal) -> str:
    return f"{timer:.2f}".replace(".", ",")


def _rad(periode: Periode, linje: Linje) -> list[str]:
    ansatt = linje.ansatt
    return [
        periode.kommune.nummer,
        periode.fra_dato.isoformat(),
        periode.til_dato.isoformat(),
        str(linje.pk),
        str(linje.enhet_id),
        linje.enhet.navn,
        str(ansatt.pk) if ansatt else "",
        ansatt.username if ansatt else "",
        ansatt.get_full_name() if ansatt else "",
        linje.lonnsart,
        linje.kilde,
        linje.dato.isoformat(),
        timer_tekst(linje.timer),
        str(linje.pasient_id or ""),
        str(linje.tjeneste_id or ""),
        "J" if linje.korreksjon else "N",
        str(linje.korreksjon_av_id or ""),
    ]


def loennsfil_build(periode: Periode, linjer: Iterable[Linje]) -> str:
    """The file's text for the period's lines (in the order given)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HODE)
    for linje in linjer:
        writer.writerow(_rad(periode, linje))
    return out.getvalue()
