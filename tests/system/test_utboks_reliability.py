"""The outbox never loses a message, with real Celery worker processes and the stand-in
alarm central over real HTTP:

(a) a worker is SIGKILLed in the middle of a batch and another starts (the sweep runs as
    beat would): every event reaches the receiver, each key accepted exactly once;
(b) the receiver answers 503 for a while: deliveries back off (visible in their attempts)
    and all arrive once it is back; a dropped answer makes a resend the receiver drops.
"""

from __future__ import annotations

import itertools
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection, transaction

from config.celery import app
from core.models import Levering, LeveringForsoek, LeveringStatus
from core.outbox import levering_sweep, outbox_publish
from integrasjoner.standin.server import Oppforsel, Standin
from integrasjoner.velferdsteknologi.services import ALARMSENTRAL, HENDELSE_KVITTERT
from tests.system.procs import celery_worker_logged

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def standin() -> Iterator[Standin]:
    server = Standin().start()
    yield server
    server.close()


@pytest.fixture
def fast_outbox(settings: Any) -> None:
    # The sweep runs in this process; the same values go to the workers' environment.
    settings.UTBOKS_BACKOFF_SEKUNDER = 1
    settings.UTBOKS_BACKOFF_MAKS_SEKUNDER = 8
    settings.UTBOKS_SENDER_TIMEOUT_SEKUNDER = 3
    settings.UTBOKS_REKO_SEKUNDER = 3
    settings.UTBOKS_MAX_FORSOK = 30


def _worker_env(standin: Standin) -> dict[str, str]:
    db = connection.settings_dict
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "VELFERDSTEKNOLOGI_URL": f"{standin.url}/velferdsteknologi",
        "VELFERDSTEKNOLOGI_TIMEOUT": "5",
        "UTBOKS_BACKOFF_SEKUNDER": "1",
        "UTBOKS_BACKOFF_MAKS_SEKUNDER": "8",
        "UTBOKS_MAX_FORSOK": "30",
    }


@contextmanager
def worker(name: str, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    with celery_worker_logged(name, env, log=f"utboks-{name}") as proc:
        yield proc


def _publish(count: int) -> list[uuid.UUID]:
    ids = []
    with transaction.atomic():
        for n in range(count):
            event = outbox_publish(
                hendelse=HENDELSE_KVITTERT,
                payload={"alarm_id": f"a{n}", "ekstern_id": f"e{n}", "status": "kvittert"},
            )
            ids.append(event.leveringer.get(mottaker=ALARMSENTRAL).id)
    return ids


def _wait(condition: Callable[[], bool], seconds: float, sweep: bool = False) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        if sweep:
            levering_sweep()  # what beat does every UTBOKS_SVEIP_SEKUNDER
        time.sleep(0.5)
    raise AssertionError("timed out")


def _accepted(standin: Standin) -> list[str]:
    with standin.state.lock:
        return [m.nokkel for m in standin.state.mottatt if m.status in (200, 201)]


def _first_accepts(standin: Standin) -> list[str]:
    with standin.state.lock:
        return [m.nokkel for m in standin.state.mottatt if m.status == 201]


def _all_delivered() -> bool:
    return not Levering.objects.exclude(status=LeveringStatus.LEVERT).exists()


def test_worker_killed_mid_batch_loses_nothing_and_sends_each_key_once(
    standin: Standin, fast_outbox: None
) -> None:
    # given 200 events queued, and a receiver that takes a little time per request
    app.control.purge()
    standin.state.oppforsel["*"] = Oppforsel(modus="treg", forsinkelse=0.03)
    keys = {str(k) for k in _publish(200)}
    env = _worker_env(standin)
    # when the worker is killed (SIGKILL, no clean-up) in the middle of the batch
    with worker("utboks-a", env) as first:
        _wait(lambda: len(_first_accepts(standin)) >= 40, 40)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    delivered_before_restart = len(_first_accepts(standin))
    assert delivered_before_restart < 200, "the batch finished before the kill"
    # and a new worker starts, with the sweep running as beat would
    with worker("utboks-b", env):
        _wait(_all_delivered, 50, sweep=True)
    # then every event arrived, and each key was accepted exactly once
    first_accepts = _first_accepts(standin)
    assert set(first_accepts) == keys
    assert len(first_accepts) == 200
    # any resend (a delivery cut off with its worker) was recognised by its key
    assert set(_accepted(standin)) == keys
    assert Levering.objects.filter(status=LeveringStatus.LEVERT).count() == 200


def test_receiver_down_for_a_while_everything_arrives_after_backoff(
    standin: Standin, fast_outbox: None
) -> None:
    # given the alarm central is down (503) and 30 events wait
    app.control.purge()
    standin.state.oppforsel["*"] = Oppforsel(modus="feil", status=503)
    keys = {str(k) for k in _publish(30)}
    with worker("utboks-c", _worker_env(standin)):
        # when it stays down until every delivery has failed three times
        _wait(lambda: not Levering.objects.filter(forsok__lt=3).exists(), 40, sweep=True)
        assert not _first_accepts(standin)
        # and comes back, dropping the first answer it gives (accepted, answer lost)
        standin.state.oppforsel["*"] = Oppforsel(modus="kutt_etter", antall=1)
        _wait(_all_delivered, 40, sweep=True)
    # then everything arrived once, and the lost answer's resend was a duplicate
    assert set(_first_accepts(standin)) == keys
    assert len(_first_accepts(standin)) == 30
    with standin.state.lock:
        duplicates = [m.nokkel for m in standin.state.mottatt if m.duplikat]
    assert len(duplicates) == 1
    assert duplicates[0] in keys
    # backoff is visible: each delivery's failed attempts are spaced further apart
    levering = Levering.objects.get(id=uuid.UUID(sorted(keys)[0]))
    attempts = list(LeveringForsoek.objects.filter(levering=levering).order_by("nummer"))
    assert [a.utfall for a in attempts[:3]] == ["feil", "feil", "feil"]
    gaps = [(b.startet_at - a.ferdig_at).total_seconds() for a, b in itertools.pairwise(attempts)]
    assert gaps[0] >= 0.9  # 1 s after the first failure
    assert gaps[1] >= 1.9  # then 2 s
    assert all(m.forsok >= 4 for m in Levering.objects.all())
