"""Reference data of the health station: the programme (helsestasjonsprogrammet) and the
childhood vaccine programme, loaded from data/*.json by a migration, the demo and tests.

Only missing rows (by code and start date) are created, so admins' edits survive a
reload; a new version of a programme comes as a file with a later `gyldig_fra`. Every
loader takes an optional `model` so a data migration can pass its historical model."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.db import models

DATA_DIR = Path(__file__).resolve().parent / "data"
PROGRAM_FIL = DATA_DIR / "helsestasjonsprogram.json"
VAKSINE_FIL = DATA_DIR / "barnevaksinasjonsprogram.json"

PUNKT_FELT = ("navn", "alder_enhet", "alder_verdi", "ansvarlige", "temaer", "gruppe")
DOSE_FELT = (
    "vaksine",
    "sykdommer",
    "dose_nr",
    "alder_enhet",
    "alder_verdi",
    "minimumsalder_dager",
    "minsteintervall_dager",
    "maksalder_dager",
    "kjoenn",
)


def _read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def program_load(model: type[models.Model] | None = None, path: Path = PROGRAM_FIL) -> int:
    """Create the programme points of the file that are missing; returns how many."""
    if model is None:
        from tjenester.helsestasjon.models import Programpunkt

        model = Programpunkt
    data = _read(path)
    gyldig_fra = dt.date.fromisoformat(data["gyldig_fra"])
    created = 0
    for nr, punkt in enumerate(data["punkter"], start=1):
        _, new = model._default_manager.get_or_create(
            kode=punkt["kode"],
            gyldig_fra=gyldig_fra,
            defaults={
                **{f: punkt[f] for f in PUNKT_FELT},
                "skolehelse": punkt.get("skolehelse", False),
                "rekkefolge": nr,
                "kilde": punkt["kilde"][:500],
                "verifisert": punkt["verifisert"],
            },
        )
        created += new
    return created


def vaksineprogram_load(model: type[models.Model] | None = None, path: Path = VAKSINE_FIL) -> int:
    """Create the doses of the file that are missing; returns how many. Every dose is
    `verifisert=False` until its minimum age and interval are checked against FHI."""
    if model is None:
        from tjenester.helsestasjon.models import Vaksinedose

        model = Vaksinedose
    data = _read(path)
    gyldig_fra = dt.date.fromisoformat(data["gyldig_fra"])
    created = 0
    for nr, dose in enumerate(data["doser"], start=1):
        _, new = model._default_manager.get_or_create(
            kode=dose["kode"],
            gyldig_fra=gyldig_fra,
            defaults={
                **{f: dose[f] for f in DOSE_FELT},
                "rekkefolge": nr,
                "kilde": data["kilde"] + ". " + data["merknad"][:400],
                "verifisert": False,
            },
        )
        created += new
    return created
