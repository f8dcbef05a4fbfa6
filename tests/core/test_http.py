"""core.http against the stand-in over real HTTP: timeouts, 5xx and dropped connections are
transient, 4xx permanent; the stand-in answers a repeated key as a duplicate."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from core import http
from core.exceptions import IntegrationError
from integrasjoner.standin.server import Standin

MELDING = {"alarm_id": "a1", "ekstern_id": "e1", "status": "kvittert"}


@pytest.fixture
def server() -> Iterator[Standin]:
    standin = Standin().start()
    yield standin
    standin.close()


def _control(server: Standin, **behaviour: Any) -> None:
    request = urllib.request.Request(
        f"{server.url}/_kontroll/oppforsel",
        data=json.dumps(behaviour).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    urllib.request.urlopen(request, timeout=5).read()


def _post(server: Standin, key: str = "k1", timeout: float = 5.0) -> http.Svar:
    return http.post_json(
        f"{server.url}/velferdsteknologi/alarmstatus",
        MELDING,
        headers={"Idempotency-Key": key},
        timeout=timeout,
    )


def test_accepted_then_a_repeat_is_a_duplicate(server: Standin) -> None:
    # given / when
    first = _post(server)
    again = _post(server)
    # then
    assert (first.status, again.status) == (201, 200)
    assert first.json()["referanse"] == again.json()["referanse"]
    assert [m.duplikat for m in server.state.mottatt] == [False, True]


@pytest.mark.parametrize(
    ("status", "permanent"), [(503, False), (500, False), (429, False), (400, True), (404, True)]
)
def test_status_codes_map_to_transient_or_permanent(
    server: Standin, status: int, permanent: bool
) -> None:
    # given
    _control(server, modus="feil", status=status)
    # when
    with pytest.raises(IntegrationError) as caught:
        _post(server)
    # then
    assert caught.value.permanent is permanent
    assert f"HTTP {status}" in caught.value.message


def test_invalid_message_is_permanent(server: Standin) -> None:
    # given / when
    with pytest.raises(IntegrationError) as caught:
        http.post_json(
            f"{server.url}/velferdsteknologi/alarmstatus",
            {"status": "x"},
            headers={"Idempotency-Key": "k"},
        )
    # then
    assert caught.value.permanent is True
    assert "mangler alarm_id" in caught.value.message


def test_dropped_connection_is_transient(server: Standin) -> None:
    # given
    _control(server, modus="kutt", antall=1)
    # when
    with pytest.raises(IntegrationError) as caught:
        _post(server)
    # then: transient, and the next call goes through (the behaviour was for one request)
    assert caught.value.permanent is False
    assert _post(server).status == 201


def test_slow_answer_times_out_as_transient(server: Standin) -> None:
    # given
    _control(server, modus="treg", forsinkelse=2.0)
    started = time.monotonic()
    # when
    with pytest.raises(IntegrationError) as caught:
        _post(server, timeout=0.3)
    # then
    assert caught.value.permanent is False
    assert time.monotonic() - started < 1.5


def test_nothing_listening_is_transient() -> None:
    # given a port where nothing listens
    # when / then
    with pytest.raises(IntegrationError) as caught:
        http.post_json("http://127.0.0.1:9/x", {}, timeout=1)
    assert caught.value.permanent is False


def test_only_http_urls() -> None:
    with pytest.raises(IntegrationError) as caught:
        http.request("GET", "file:///etc/passwd")
    assert caught.value.permanent is True
