"""Welfare-tech events received in batches are never lost when a worker dies: a Celery
worker acting on them is SIGKILLed half-way, another starts and the sweep runs as beat
would; every event is acted on exactly once (one alarm and one audit row each)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from config.celery import app
from core.audit import AuditEvent
from core.context import system_context
from core.models import AuditLogg
from integrasjoner.velferdsteknologi.models import (
    Alarm,
    HendelseStatus,
    UtstyrType,
    Velferdshendelse,
)
from integrasjoner.velferdsteknologi.schemas import HendelseInn
from integrasjoner.velferdsteknologi.services import (
    avsendersystem_create,
    hendelser_process,
    hendelser_receive,
    utstyr_register,
)
from tests.factories import EnhetFactory, PasientFactory
from tests.system.procs import ROOT, celery_worker

pytestmark = pytest.mark.django_db(transaction=True)

EVENTS = 400


def _env() -> dict[str, str]:
    db = connection.settings_dict
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }


@contextmanager
def worker(name: str) -> Iterator[subprocess.Popen[bytes]]:
    log = Path(tempfile.gettempdir()) / f"kj-vft-{name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            celery_worker(name), cwd=ROOT, env={**os.environ, **_env()}, stdout=out, stderr=out
        )
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def _wait(condition: Callable[[], bool], seconds: float, sweep: bool = False) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        if sweep:
            with system_context():  # what beat's sweep does, without its 30 s grace
                hendelser_process(eldre_enn=dt.timedelta(0))
        time.sleep(0.5)
    raise AssertionError("timed out")


def _acted() -> int:
    return Velferdshendelse.objects.exclude(status=HendelseStatus.MOTTATT).count()


def test_a_worker_killed_while_acting_on_a_batch_loses_nothing_and_doubles_nothing() -> None:
    # given a sender with a safety alarm, and 400 alarms received in two batches
    app.control.purge()
    enhet = EnhetFactory()
    pasient = PasientFactory()
    with system_context():
        avsender, _secret = avsendersystem_create(
            actor=None, navn="Alarmsentral", enhet_id=enhet.pk
        )
        utstyr_register(
            actor=None,
            avsender_id=avsender.pk,
            ekstern_id="TA-1",
            type=UtstyrType.TRYGGHETSALARM,
            pasient_id=pasient.pk,
            enhet_id=enhet.pk,
        )
    now = timezone.now()
    for first in (0, EVENTS // 2):
        data = [
            HendelseInn(
                ekstern_id=f"e{n}",
                type="trygghetsalarm",
                kode="1",
                alvorlighet=0,
                tidspunkt=now,
                utstyr_ref="TA-1",
            )
            for n in range(first, first + EVENTS // 2)
        ]
        hendelser_receive(avsender=avsender, data=data)  # queued to the broker on commit
    assert Velferdshendelse.objects.filter(status=HendelseStatus.MOTTATT).count() == EVENTS
    # when the worker acting on them is killed (SIGKILL, no clean-up) half-way
    with worker("vft-a") as first_worker:
        _wait(lambda: _acted() >= 60, 60)
        first_worker.send_signal(signal.SIGKILL)
        first_worker.wait(timeout=10)
    assert _acted() < EVENTS, "everything was done before the kill"
    # and another worker starts, with the sweep running as beat would
    with worker("vft-b"):
        _wait(lambda: _acted() == EVENTS, 120, sweep=True)
    # then every event was acted on exactly once
    assert Alarm.objects.count() == EVENTS
    assert Alarm.objects.values("hendelse").distinct().count() == EVENTS
    assert AuditLogg.objects.filter(hendelse=AuditEvent.VFT_HENDELSE_RECEIVED).count() == EVENTS
