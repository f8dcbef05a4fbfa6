"""A long job in one process (the demo build) holds the clock's offset: it reads the cache
once, the clock it moves itself still moves, and outside it the cache is read as before."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache

from core.klokke import CACHE_KEY, idag, klokke_holdt, klokke_reset, klokke_set


def test_inside_the_held_clock_the_offset_is_the_one_read_on_entry() -> None:
    # given
    klokke_set(dt.timedelta(days=10))
    start = idag()

    # when: another process moves the clock while the job runs
    with klokke_holdt():
        cache.set(CACHE_KEY, dt.timedelta(days=40).total_seconds(), timeout=None)
        inside = idag()
    after = idag()

    # then
    assert inside == start
    assert after == start + dt.timedelta(days=30)


def test_the_job_moving_the_clock_itself_sees_it_moved() -> None:
    # given
    klokke_reset()
    today = idag()

    # when
    with klokke_holdt():
        klokke_set(dt.timedelta(days=3))
        moved = idag()
        klokke_reset()
        back = idag()

    # then
    assert moved == today + dt.timedelta(days=3)
    assert back == today
