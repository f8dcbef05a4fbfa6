"""Outgoing messages are delivered exactly once, with real Celery worker processes and the
EDI 2.0 stand-in over real HTTP (issue 17 item 6, sending side):

(a) a worker is SIGKILLed in the middle of a batch and another starts (the sweep runs as
    beat would): every message lands in the hospital's mailbox once, and is marked sent;
(b) the message service answers 503 for a while: deliveries back off and all arrive once
    it is back, each once.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection

from config.celery import app
from core.models import Ansatt, Enhet, Levering, LeveringStatus
from core.outbox import levering_sweep
from integrasjoner.meldinger.models import UtgaaendeMelding, UtgaaendeStatus
from integrasjoner.meldinger.services import innleggelsesrapport_send
from integrasjoner.meldinger.services.utgaaende import EDI_MOTTAKER
from integrasjoner.standin import edi as edi_standin
from integrasjoner.standin.server import Oppforsel, Standin
from journal.models import Pasient
from tests.acting import acting_as
from tests.integrasjoner.meldinger.ut_fixtures import *  # noqa: F403
from tests.integrasjoner.meldinger.ut_fixtures import Adressebok
from tests.system.procs import celery_worker_logged

pytestmark = pytest.mark.django_db(transaction=True)
SYKEHUS = "8200010"


@pytest.fixture
def fast_outbox(settings: Any) -> None:
    settings.UTBOKS_BACKOFF_SEKUNDER = 1
    settings.UTBOKS_BACKOFF_MAKS_SEKUNDER = 8
    settings.UTBOKS_SENDER_TIMEOUT_SEKUNDER = 3
    settings.UTBOKS_REKO_SEKUNDER = 3
    settings.UTBOKS_MAX_FORSOK = 30


def _env(standin: Standin) -> dict[str, str]:
    db = connection.settings_dict
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MELDINGER_URL": f"{standin.url}/edi",
        "MELDINGER_TIMEOUT": "5",
        "UTBOKS_BACKOFF_SEKUNDER": "1",
        "UTBOKS_BACKOFF_MAKS_SEKUNDER": "8",
        "UTBOKS_MAX_FORSOK": "30",
    }


@contextmanager
def worker(name: str, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    with celery_worker_logged(name, env, log=f"utgaaende-{name}") as proc:
        yield proc


def _wait(condition: Callable[[], bool], seconds: float, sweep: bool = False) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        if sweep:
            levering_sweep()
        time.sleep(0.5)
    raise AssertionError("timed out")


def _send(antall: int, sykepleier: Ansatt, enhet: Enhet, pasient: Pasient) -> set[str]:
    msg_ids = set()
    with acting_as(sykepleier, enhet):
        for n in range(antall):
            melding = innleggelsesrapport_send(
                actor=sykepleier,
                pasient_id=pasient.pk,
                enhet_id=enhet.pk,
                mottaker_herid=SYKEHUS,
                aarsak=f"Innleggelse nummer {n}.",
            )
            msg_ids.add(melding.msg_id)
    return msg_ids


def _postkasse(standin: Standin) -> list[dict[str, str]]:
    """The hospital's mailbox at the stand-in (read from its state: the fault switches
    apply to every HTTP call)."""
    boxes = edi_standin.postkasser(standin.state)
    with boxes.lock:
        return [{"id": m.id} for m in boxes.meldinger.values() if SYKEHUS in m.mottakere]


def _alle_sendt() -> bool:
    return (
        not Levering.objects.filter(mottaker=EDI_MOTTAKER)
        .exclude(status=LeveringStatus.LEVERT)
        .exists()
    )


def _sendt_once(standin: Standin, msg_ids: set[str]) -> None:
    postkasse = _postkasse(standin)
    assert len(postkasse) == len(msg_ids)
    assert len({p["id"] for p in postkasse}) == len(msg_ids)
    meldinger = UtgaaendeMelding.objects.all()
    assert {m.msg_id for m in meldinger} == msg_ids
    assert {m.status for m in meldinger} == {UtgaaendeStatus.SENDT}
    assert {m.transport_id for m in meldinger} == {p["id"] for p in postkasse}


def test_worker_killed_mid_batch_every_message_arrives_once(
    edi: Standin,
    fast_outbox: None,
    sykepleier: Ansatt,
    enhet: Enhet,
    pasient: Pasient,
    adressebok: Adressebok,
) -> None:
    app.control.purge()
    edi.state.oppforsel["edi"] = Oppforsel(modus="treg", forsinkelse=0.05)
    msg_ids = _send(80, sykepleier, enhet, pasient)
    env = _env(edi)
    with worker("ut-a", env) as first:
        _wait(lambda: len(_postkasse(edi)) >= 15, 60)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    assert len(_postkasse(edi)) < 80, "the batch finished before the kill"
    with worker("ut-b", env):
        _wait(_alle_sendt, 90, sweep=True)
    _sendt_once(edi, msg_ids)


def test_service_down_for_a_while_every_message_arrives_once_after_backoff(
    edi: Standin,
    fast_outbox: None,
    sykepleier: Ansatt,
    enhet: Enhet,
    pasient: Pasient,
    adressebok: Adressebok,
) -> None:
    app.control.purge()
    edi.state.oppforsel["edi"] = Oppforsel(modus="feil", status=503)
    msg_ids = _send(20, sykepleier, enhet, pasient)
    with worker("ut-c", _env(edi)):
        _wait(
            lambda: not Levering.objects.filter(mottaker=EDI_MOTTAKER, forsok__lt=3).exists(),
            60,
            sweep=True,
        )
        assert _postkasse(edi) == []
        assert not UtgaaendeMelding.objects.exclude(status=UtgaaendeStatus.KLAR).exists()
        # back, but the first answer is lost after it was accepted: the resend is the same key
        edi.state.oppforsel["edi"] = Oppforsel(modus="kutt_etter", antall=1)
        _wait(_alle_sendt, 60, sweep=True)
    _sendt_once(edi, msg_ids)
