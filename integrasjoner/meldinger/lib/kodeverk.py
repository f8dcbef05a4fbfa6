"""Code lists the messages use: 8221 (AppRec error codes, from a data file), 8258 (AppRec
status) and the 8279 message types we know how to receive."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"

OID_8221 = "2.16.578.1.12.4.1.1.8221"
OID_8258 = "2.16.578.1.12.4.1.1.8258"
OID_8279 = "2.16.578.1.12.4.1.1.8279"
OID_HER = "2.16.578.1.12.4.1.1.9051"

STATUS_TEKST = {"1": "OK", "2": "Avvist", "3": "OK, feil i delmelding"}

# 8279 message types we receive (PLO 1.6 and Dialogmelding 1.0/1.1).
PLO_LOGISTIKK = {
    "LOG_INNLAGT",
    "LOG_UTSKRIVNINGSKLAR",
    "LOG_AVMELDING",
    "LOG_UTSKREVET",
    "LOG_DOD",
}
DIALOG = {
    "DIALOG_FORESPORSEL",
    "DIALOG_SVAR",
    "DIALOG_NOTAT",
    "DIALOG_AVVIK",
    "DIALOG_HELSEFAGLIG",
}
KJENTE_TYPER = {
    "HELSEOPPL_SOKNAD",
    "UTSKRIVNINGSRAPPORT",
    "MEDISINSKE_OPPLYSNINGER",
    "INNLEGGELSESRAPPORT",
    "HELSEOPPLYSNINGER_LEGE",
    "ORIENTERING_TJENESTETILBUD",
    *PLO_LOGISTIKK,
    *DIALOG,
}


@cache
def _8221() -> dict[str, Any]:
    return dict(json.loads((DATA / "kodeverk_8221.json").read_text(encoding="utf-8")))


def feil_tekst(kode: str) -> str:
    """The 8221 text for `kode` ("Annen feil" for one we do not know)."""
    koder: dict[str, str] = _8221()["koder"]
    return koder.get(kode, koder["X99"])


def kodeverk_8221_verifisert() -> bool:
    return bool(_8221()["verifisert"])
