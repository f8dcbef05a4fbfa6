"""Incoming messages are processed exactly once and receipted exactly once, with real
Celery worker processes polling the EDI 2.0 stand-in over real HTTP (issue 17 item 6,
receiving side):

a worker is SIGKILLed in the middle of a poller round (some messages committed but not
marked read, one in flight), then the service answers 503 for a while (the next round
finds nothing, the receipts back off), then it is back: every message in the mailbox ends
as one `Melding`, read, with one AppRec in the sender's mailbox.
"""

from __future__ import annotations

import re
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection

from config.celery import app
from core import http
from core.models import Enhet, Levering, LeveringStatus
from core.outbox import levering_sweep
from integrasjoner.meldinger.models import (
    Applikasjonskvittering,
    EnhetHerId,
    KvitteringStatus,
    Melding,
    MeldingStatus,
)
from integrasjoner.meldinger.services import MELDINGSTJENER
from integrasjoner.standin import edi as edi_standin
from integrasjoner.standin.server import Oppforsel, Standin
from tests.integrasjoner.meldinger.conftest import eksempel, pasient_fra
from tests.integrasjoner.meldinger.conftest import systembruker as systembruker
from tests.integrasjoner.meldinger.ut_fixtures import edi as edi
from tests.system.procs import celery_worker_logged

pytestmark = pytest.mark.django_db(transaction=True)
VAAR_HERID = "5078"
POLL = "meldinger.tasks.meldinger_poll"
ANTALL = 60


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
        "USE_MELDINGER": "True",
        "MELDINGER_URL": f"{standin.url}/edi",
        "MELDINGER_TIMEOUT": "5",
        "UTBOKS_BACKOFF_SEKUNDER": "1",
        "UTBOKS_BACKOFF_MAKS_SEKUNDER": "8",
        "UTBOKS_MAX_FORSOK": "30",
    }


@contextmanager
def worker(name: str, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    with celery_worker_logged(name, env, log=f"innkommende-{name}") as proc:
        yield proc


def _wait(
    condition: Callable[[], bool], seconds: float, *, every: Callable[[], Any] | None = None
) -> None:
    """Wait for `condition`, doing what beat would meanwhile (`every`, about each 2 s)."""
    deadline = time.monotonic() + seconds
    neste = 0.0
    while time.monotonic() < deadline:
        if condition():
            return
        if every is not None and time.monotonic() >= neste:
            every()
            neste = time.monotonic() + 2
        time.sleep(0.5)
    raise AssertionError("timed out")


def _beat() -> None:
    levering_sweep()
    app.send_task(POLL)


def _postkasse(standin: Standin) -> list[edi_standin.EdiMelding]:
    """Our mailbox at the stand-in, read from its state (the fault switches apply to every
    HTTP call)."""
    boxes = edi_standin.postkasser(standin.state)
    with boxes.lock:
        return [m for m in boxes.meldinger.values() if VAAR_HERID in m.mottakere]


def _slipp(standin: Standin, antall: int) -> set[str]:
    """`antall` logistics messages from the hospital, each with its own MsgId."""
    mal = eksempel("Pasientlogistikk_Innlagt").read_text(encoding="utf-8")
    msg_ids = set()
    for n in range(antall):
        msg_id = f"innlagt-{n:03d}"
        xml = re.sub(r"<MsgId>[^<]*</MsgId>", f"<MsgId>{msg_id}</MsgId>", mal, count=1)
        http.post_json(
            f"{standin.url}/_kontroll/edi/slipp", {"mottaker_herid": VAAR_HERID, "xml": xml}
        )
        msg_ids.add(msg_id)
    return msg_ids


def _ferdig(standin: Standin) -> bool:
    postkasse = _postkasse(standin)
    return (
        all(VAAR_HERID in m.lest for m in postkasse)
        and not (
            Levering.objects.filter(mottaker=MELDINGSTJENER).exclude(status=LeveringStatus.LEVERT)
        ).exists()
    )


def test_worker_killed_mid_round_and_service_down_every_message_once_every_receipt_once(
    edi: Standin,
    fast_outbox: None,
    enhet: Enhet,
    systembruker: Any,
) -> None:
    # given 60 messages from the hospital in our mailbox, for a patient of the unit
    app.control.purge()
    EnhetHerId.objects.create(
        enhet=enhet, herid=VAAR_HERID, tjenestetype="KP02", systembruker=systembruker
    )
    pasient = pasient_fra("15076500565", enhet)
    msg_ids = _slipp(edi, ANTALL)
    env = _env(edi)

    # when the poller's worker is killed in the middle of its round
    edi.state.oppforsel["edi"] = Oppforsel(modus="treg", forsinkelse=0.05)
    with worker("inn-a", env) as first:
        app.send_task(POLL)
        _wait(lambda: Melding.objects.count() >= 10, 90)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    mottatt_for_drap = Melding.objects.count()
    assert mottatt_for_drap < ANTALL, "the round finished before the kill"
    assert sum(VAAR_HERID in m.lest for m in _postkasse(edi)) < ANTALL
    # and (whether or not the kill fell between a commit and its "mark read") the service
    # forgot the read mark of five received ones: they will be fetched again
    mottatt = set(Melding.objects.values_list("transport_id", flat=True)[:5])
    for m in _postkasse(edi):
        if m.id in mottatt:
            m.lest.discard(VAAR_HERID)

    # and then the service answers 503 for a while
    edi.state.oppforsel["edi"] = Oppforsel(modus="feil", status=503)
    with worker("inn-b", env):
        _wait(
            lambda: (
                Levering.objects.filter(mottaker=MELDINGSTJENER, forsok__gte=2).count()
                >= min(5, mottatt_for_drap)
            ),
            90,
            every=_beat,
        )
        # nothing new was received while it was down, and no receipt reached the sender
        assert Melding.objects.count() == mottatt_for_drap
        assert all(not m.kvitteringer for m in _postkasse(edi))

        # when it is back
        edi.state.oppforsel["edi"] = Oppforsel(modus="ok")
        _wait(lambda: _ferdig(edi), 180, every=_beat)

    # then every message was processed once ...
    meldinger = Melding.objects.all()
    assert {m.msg_id for m in meldinger} == msg_ids
    assert len(meldinger) == ANTALL
    assert {m.status for m in meldinger} == {MeldingStatus.BEHANDLET}
    assert {m.pasient_id for m in meldinger} == {pasient.pk}
    assert {m.transport_id for m in meldinger} == {m.id for m in _postkasse(edi)}
    # ... and receipted once: one AppRec made per message, one in the sender's mailbox each
    assert Applikasjonskvittering.objects.count() == ANTALL
    assert set(Applikasjonskvittering.objects.values_list("status", flat=True)) == {
        KvitteringStatus.OK
    }
    postkasse = _postkasse(edi)
    assert [len(m.kvitteringer) for m in postkasse] == [1] * ANTALL
    assert all(VAAR_HERID in m.lest for m in postkasse)
