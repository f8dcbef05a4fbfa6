"""The GP's day view has a fixed number of queries: the same for 5 and 30 appointments
(benchmarks/bench_legekontor.py measures its latency)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.context import system_context
from tests.conftest import api_client, logged_in
from tests.factories import PasientFactory
from tests.tjenester.legekontor.conftest import Kontor
from tjenester.legekontor.services import time_book

pytestmark = pytest.mark.django_db
MAX_QUERIES_PAGE = 10
MAX_QUERIES_API = 6


def _fill(kontor: Kontor, antall: int, fra: int = 0) -> None:
    with system_context():
        for i in range(fra, antall):
            time_book(
                actor=None,
                ressurs_id=kontor.ressurs.pk,
                pasient_id=PasientFactory().pk,
                start=kontor.kl(8, dager=1) + dt.timedelta(minutes=20 * i) + _skip_blocked(i),
                enhet_id=kontor.enhet.pk,
            )


def _skip_blocked(i: int) -> dt.timedelta:
    # 08:00–11:00 holds 9 slots, 11–12 is blocked, 12–16 holds 12 more: 21 a day.
    return dt.timedelta(hours=1) if i >= 9 else dt.timedelta(0)


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries)


def test_the_day_view_query_count_does_not_grow_with_the_appointments(
    kontor: Kontor, django_assert_max_num_queries: Any
) -> None:
    dag = kontor.dag + dt.timedelta(days=1)
    page = f"/legekontor/?ressurs={kontor.ressurs.pk}&dato={dag}"
    api = f"/api/v1/legekontor/ressurser/{kontor.ressurs.pk}/dag/?dato={dag}"
    side = logged_in(kontor.lege)
    klient = api_client(kontor.lege)
    _fill(kontor, 5)
    side.get(page)  # the first request of a session loads the acting unit once
    klient.get(api)
    few = (_count(side, page), _count(klient, api))
    _fill(kontor, 21, fra=5)
    many = (_count(side, page), _count(klient, api))
    assert few == many
    with django_assert_max_num_queries(MAX_QUERIES_PAGE):
        side.get(page)
    with django_assert_max_num_queries(MAX_QUERIES_API):
        klient.get(api)
