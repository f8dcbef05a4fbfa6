"""/health/ reports database, Redis and Celery workers, with a real worker process."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from core.models import Ansatt
from tests.factories import AnsattFactory
from tests.system.procs import celery_worker, process

pytestmark = pytest.mark.django_db


def _health() -> tuple[int, dict[str, object]]:
    """As an operator (staff): the details; see test_anonymous_health_says_only_up_or_down."""
    client = Client()
    operator = Ansatt.objects.filter(username="drift").first()
    client.force_login(operator or AnsattFactory(username="drift", is_staff=True))
    response = client.get("/health/")
    return response.status_code, response.json()


def test_anonymous_health_says_only_up_or_down() -> None:
    # when: no login (a load balancer, or anyone on the network)
    response = Client().get("/health/")
    # then: the state, and nothing about databases, workers or errors
    assert response.status_code == 503  # no worker on the test broker
    assert response.json() == {"status": "feil"}


def test_503_without_worker_then_200_when_a_worker_runs() -> None:
    # given: no worker on the test broker
    status, body = _health()
    assert status == 503
    assert body["status"] == "feil"
    assert body["database"] == {"ok": True}
    assert body["redis"] == {"ok": True}
    assert "Ingen Celery-arbeidere" in body["celery"]["feil"]  # type: ignore[index]
    # when: a real worker process starts
    with process(celery_worker("helsetest"), {"DJANGO_SETTINGS_MODULE": "config.settings.test"}):
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            status, body = _health()
            if status == 200:
                break
        # then
        assert status == 200, body
        assert body["status"] == "ok"
        assert any(w.startswith("helsetest@") for w in body["celery"]["arbeidere"])  # type: ignore[index]


def test_redis_down_is_503(settings: object) -> None:
    # given: a Redis address where nothing listens
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # type: ignore[attr-defined]
    # when
    status, body = _health()
    # then
    assert status == 503
    assert body["redis"]["ok"] is False  # type: ignore[index]
    assert body["celery"]["ok"] is False  # type: ignore[index]
