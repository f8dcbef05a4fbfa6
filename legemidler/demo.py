"""Demo data of medication, built through the services: the demo catalogue (our own small
FEST extract, marked demo) and believable medication lists. Idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from legemidler.seeds import ukentlige_seed


@dataclass
class LegemidlerDemo:
    ukentlige: int = 0


def legemidler_demo_build() -> LegemidlerDemo:
    """Build (or top up) the medication demo."""
    return LegemidlerDemo(ukentlige=ukentlige_seed())
