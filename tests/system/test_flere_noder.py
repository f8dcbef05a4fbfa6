"""Two web nodes, two Celery workers and one beat, as separate processes against one
database and one broker (docs/skalering.md): what one node remembers, the other knows.

- a session started on one web node is valid on the other;
- an API token issued by one node works on the other, and once revoked on neither;
- failed logins spread over both nodes lock the account, and the lock holds on both;
- outbox events are delivered to the stand-in receiver once each, by whichever worker;
- the beat schedule runs each tick once, not once per worker.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction

from config.celery import app
from core.models import Ansatt, Levering, LeveringStatus, Rolle
from core.outbox import outbox_publish
from integrasjoner.standin.server import Standin
from integrasjoner.velferdsteknologi.services import ALARMSENTRAL, HENDELSE_KVITTERT
from tests.factories import PASSWORD, AnsattFactory, EnhetFactory, TilknytningFactory
from tests.system.procs import BIN, ROOT, celery_worker, free_port, wait_http

pytestmark = pytest.mark.django_db(transaction=True)

SVEIP_S = 1  # the outbox sweep's beat interval in this test


@dataclass
class Klynge:
    web: list[str]  # base URLs of the two web nodes
    workers: list[str]  # Celery node names
    standin: Standin


def _env(standin: Standin) -> dict[str, str]:
    db = connection.settings_dict
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DJANGO_SECRET_KEY": "same-key-on-every-node-of-this-test",  # as in production
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        # REDIS_URL, KJ_TEST_REDIS_DB and PYTEST_XDIST_WORKER are inherited, so the nodes
        # share this test's broker and cache database (config/settings/test.py)
        "VELFERDSTEKNOLOGI_URL": f"{standin.url}/velferdsteknologi",
        "UTBOKS_SVEIP_SEKUNDER": str(SVEIP_S),
        "UTBOKS_BACKOFF_SEKUNDER": "1",
    }


@contextmanager
def _proc(name: str, command: list[str], env: dict[str, str]) -> Iterator[None]:
    log = Path(tempfile.gettempdir()) / f"kj-noder-{name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=out
        )
        try:
            yield
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture
def klynge() -> Iterator[Klynge]:
    standin = Standin().start()
    env = _env(standin)
    ports = [free_port(), free_port()]
    names = [f"node{n}-{os.getpid()}" for n in (1, 2)]
    schedule = Path(tempfile.mkdtemp()) / "beat-schedule"
    with ExitStack() as stack:
        for n, port in enumerate(ports):
            gunicorn = [
                str(BIN / "gunicorn"), "config.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", "1",
            ]  # fmt: skip
            stack.enter_context(_proc(f"web{n}", gunicorn, env))
        for name in names:
            stack.enter_context(_proc(name, celery_worker(name), env))
        beat = [
            str(BIN / "celery"), "-A", "config", "beat",
            "--schedule", str(schedule), "--loglevel", "WARNING",
        ]  # fmt: skip
        stack.enter_context(_proc("beat", beat, env))
        web = [f"http://127.0.0.1:{port}" for port in ports]
        for base in web:
            wait_http(f"{base}/logg-inn/", seconds=60)
        _wait(lambda: _alive(names), 60)
        yield Klynge(web=web, workers=names, standin=standin)
    standin.close()


def _alive(names: list[str]) -> bool:
    answers = app.control.inspect(timeout=1.0).ping() or {}
    return all(any(n.startswith(f"{name}@") for n in answers) for name in names)


def _wait(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError("timed out")


def _user(username: str) -> Ansatt:
    from core.roller import roller_seed

    roller_seed()
    ansatt: Ansatt = AnsattFactory(username=username)
    TilknytningFactory(
        ansatt=ansatt, enhet=EnhetFactory(), rolle=Rolle.objects.get(kode="sykepleier")
    )
    return ansatt


def _api(
    base: str, path: str, *, data: dict[str, str] | None = None, token: str = ""
) -> tuple[int, dict[str, Any]]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    request = urllib.request.Request(
        base + path, data=json.dumps(data).encode() if data is not None else None, headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_sessions_tokens_lockouts_outbox_and_beat_behave_as_on_one_node(
    klynge: Klynge,
) -> None:
    node_a, node_b = klynge.web
    # --- a session started on node A is valid on node B
    _user("tonoder")
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(f"{node_a}/logg-inn/", timeout=20).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf is not None
    form = {"csrfmiddlewaretoken": csrf.group(1), "username": "tonoder", "password": PASSWORD}
    opener.open(
        urllib.request.Request(
            f"{node_a}/logg-inn/",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Referer": node_a},
        ),
        timeout=20,
    )
    landed = [opener.open(f"{node_b}/pasienter/", timeout=20).geturl() for _ in range(3)]
    assert landed == [f"{node_b}/pasienter/"] * 3  # never sent back to the login page

    # --- a key issued by node A works on node B; revoked on node A, it works on neither
    status, body = _api(
        node_a, "/api/v1/auth/token/", data={"username": "tonoder", "password": PASSWORD}
    )
    assert status == 200, body
    token = body["token"]
    assert _api(node_b, "/api/v1/pasienter/?sok=Nordmann", token=token)[0] == 200
    assert _api(node_a, "/api/v1/auth/logout/", data={}, token=token)[0] in (200, 204)
    assert _api(node_a, "/api/v1/pasienter/?sok=Nordmann", token=token)[0] == 401
    assert _api(node_b, "/api/v1/pasienter/?sok=Nordmann", token=token)[0] == 401

    # --- failed logins spread over both nodes lock the account on both
    _user("laases")
    wrong = {"username": "laases", "password": "feil-passord"}
    answers = [
        _api(klynge.web[n % 2], "/api/v1/auth/token/", data=wrong)
        for n in range(settings.LOGIN_MAX_FAILURES)
    ]
    assert all(400 <= status < 500 for status, _body in answers), answers
    assert "låst" in json.dumps(answers[-1][1], ensure_ascii=False), answers[-1]
    right = {"username": "laases", "password": PASSWORD}
    for node in (node_a, node_b):  # the right password is refused while locked, on both
        status, body = _api(node, "/api/v1/auth/token/", data=right)
        assert 400 <= status < 500, body
        assert "låst" in json.dumps(body, ensure_ascii=False), body

    # --- outbox: 40 events, two workers, each delivered once
    with transaction.atomic():
        keys = set()
        for n in range(40):
            event = outbox_publish(
                hendelse=HENDELSE_KVITTERT,
                payload={"alarm_id": f"n{n}", "ekstern_id": f"n{n}", "status": "kvittert"},
            )
            keys.add(str(event.leveringer.get(mottaker=ALARMSENTRAL).id))
    _wait(lambda: not Levering.objects.exclude(status=LeveringStatus.LEVERT).exists(), 60)
    with klynge.standin.state.lock:
        received = [m.nokkel for m in klynge.standin.state.mottatt]
    assert sorted(received) == sorted(keys)  # each once: no duplicate delivery, none lost

    # --- beat: the sweep ticks every SVEIP_S second(s) and runs once per tick, not per worker
    def sweeps() -> int:
        stats = app.control.inspect(timeout=2.0).stats() or {}
        mine = [s for n, s in stats.items() if n.split("@")[0] in klynge.workers]
        assert len(mine) == 2, stats.keys()
        return sum(int(s.get("total", {}).get("core.tasks.levering_sweep", 0)) for s in mine)

    first, started = sweeps(), time.monotonic()
    time.sleep(8)
    ran, elapsed = sweeps() - first, time.monotonic() - started
    # once per tick (a beat per worker, or a schedule per worker, would give twice that);
    # a busy machine may delay a tick, so the lower bound is loose
    assert elapsed / SVEIP_S * 0.5 <= ran <= elapsed / SVEIP_S + 2, (ran, elapsed)
