"""Deadlines of the allocation office that need no database: the appeal deadline."""

from __future__ import annotations

import datetime as dt

KLAGEFRIST_DAGER = 21  # forvaltningsloven § 29: three weeks


def klagefrist_compute(brev_sendt: dt.date | None) -> dt.date | None:
    """Three weeks from when the letter was sent; None while it has not been sent."""
    return brev_sendt + dt.timedelta(days=KLAGEFRIST_DAGER) if brev_sendt else None
