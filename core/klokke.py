"""The controllable clock: `naa()` and `idag()` for date rules that tests and demos move.

Date logic that decides deadlines and expiry (tildeling: case deadlines, decisions that
expire, the nightly alert task) reads the time here instead of `timezone.now()`.

In production it *is* `timezone.now()`. When `settings.KLOKKE_JUSTERBAR` is on (test
settings, and DEBUG / demo by default), an offset in seconds kept in the Django cache
(Redis, so the web server, the Celery worker and a test process all see the same time)
is added. Move it with `klokke_set(...)` or `manage.py klokke --dager N`, and put it back
with `klokke_reset()` / `manage.py klokke --nullstill`. Tests clear the cache after each
test, which resets the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

CACHE_KEY = "klokke:forskyvning"
# The offset held by `klokke_holdt` (this thread/context only), else None: read the cache.
_HOLDT: ContextVar[dt.timedelta | None] = ContextVar("klokke_holdt", default=None)


def _justerbar() -> bool:
    return bool(getattr(settings, "KLOKKE_JUSTERBAR", False))


def klokke_offset() -> dt.timedelta:
    """How far the clock is moved (zero unless the setting allows moving it)."""
    if not _justerbar():
        return dt.timedelta(0)
    held = _HOLDT.get()
    if held is not None:
        return held
    seconds = cache.get(CACHE_KEY)
    return dt.timedelta(seconds=float(seconds)) if seconds else dt.timedelta(0)


def naa() -> dt.datetime:
    """The current moment (aware), moved by the offset when allowed."""
    return timezone.now() + klokke_offset()


def idag() -> dt.date:
    """Today's local date, moved by the offset when allowed."""
    return timezone.localdate(naa())


def klokke_set(offset: dt.timedelta) -> None:
    """Move the clock by `offset` from the real time. Refused where it is not allowed."""
    if not _justerbar():
        raise ImproperlyConfigured("Klokka kan bare flyttes når KLOKKE_JUSTERBAR er på.")
    cache.set(CACHE_KEY, offset.total_seconds(), timeout=None)
    if _HOLDT.get() is not None:
        _HOLDT.set(offset)


def klokke_reset() -> None:
    cache.delete(CACHE_KEY)
    if _HOLDT.get() is not None:
        _HOLDT.set(dt.timedelta(0))


@contextmanager
def klokke_holdt() -> Iterator[None]:
    """Read the offset once for a long job in this process (the demo build reads the clock
    thousands of times): inside, `naa()` is the real time plus the offset read on entry (or
    set inside); other threads and processes read the cache as before."""
    token = _HOLDT.set(klokke_offset())
    try:
        yield
    finally:
        _HOLDT.reset(token)
