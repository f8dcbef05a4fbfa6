"""Loader of the normal tariff (takster) from `data/takster_<year>.json`."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from tjenester.legekontor.lib.takst import Takstregel
from tjenester.legekontor.models import Takst

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Lastresultat:
    fil: str
    nye: int
    endret: int


def _beloep(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _dato(value: Any) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(str(value))


def takster_fil(aar: int) -> Path:
    return DATA / f"takster_{aar}.json"


@transaction.atomic
def takster_load(path: Path) -> Lastresultat:
    """Create or update each (code, valid-from) of the file; never deletes. Idempotent."""
    data = json.loads(path.read_text(encoding="utf-8"))
    nye = endret = 0
    for rad in data["takster"]:
        fra = dt.date.fromisoformat(str(rad["gyldig_fra"]))
        verdier = {
            "tekst": rad["tekst"],
            "honorar": _beloep(rad["honorar"]),
            "refusjon": _beloep(rad["refusjon"]),
            "egenandel": _beloep(rad["egenandel"]),
            "gyldig_til": _dato(rad.get("gyldig_til")),
            "utelukker": list(rad.get("utelukker", [])),
            "krever": list(rad.get("krever", [])),
            "krever_tid_min": rad.get("krever_tid_min"),
            "per_paabegynt_min": rad.get("per_paabegynt_min"),
            "verifisert": bool(rad.get("verifisert", False)),
            "kilde": rad.get("kilde", "")[:500],
        }
        takst = Takst.objects.filter(kode=rad["kode"], gyldig_fra=fra).first()
        if takst is None:
            takst = Takst(kode=rad["kode"], gyldig_fra=fra, **verdier)
            takst.full_clean()
            takst.save()
            nye += 1
            continue
        changed = [k for k, v in verdier.items() if getattr(takst, k) != v]
        if changed:
            for k in changed:
                setattr(takst, k, verdier[k])
            takst.full_clean()
            takst.save(update_fields=[*changed, "updated_at"])
            endret += 1
    return Lastresultat(fil=path.name, nye=nye, endret=endret)


def takster_seed() -> None:
    """Load every shipped tariff file (for tests and the demo)."""
    for path in sorted(DATA.glob("takster_*.json")):
        takster_load(path)


def takstregel(takst: Takst) -> Takstregel:
    return Takstregel(
        kode=takst.kode,
        honorar=takst.honorar,
        refusjon=takst.refusjon,
        egenandel=takst.egenandel,
        gyldig_fra=takst.gyldig_fra,
        gyldig_til=takst.gyldig_til,
        utelukker=tuple(takst.utelukker),
        krever=tuple(takst.krever),
        krever_tid_min=takst.krever_tid_min,
        per_paabegynt_min=takst.per_paabegynt_min,
        verifisert=takst.verifisert,
    )
