"""Clock times as minutes after midnight (pure: no database)."""

from __future__ import annotations

import datetime as dt


def minutes_of(tid: dt.time) -> int:
    """Minutes after midnight."""
    return tid.hour * 60 + tid.minute


def time_of(minutes: int) -> dt.time:
    """The clock time `minutes` after midnight, kept inside the day."""
    minutes = max(0, min(minutes, 24 * 60 - 1))
    return dt.time(minutes // 60, minutes % 60)
