"""Concurrent HTTP load: a bounded number of requests, persistent connections, latencies."""

from __future__ import annotations

import http.client
import json
import math
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

from bench_db import SampleRow

SEARCH_PATH = "/api/v1/pasienter/?sok="
DETAIL_PATH = "/api/v1/pasienter/{id}/"
OVERVIEW_PATH = "/api/v1/pasienter/{id}/oversikt/"
REQUEST_TIMEOUT = 30.0
_CONNECTION_LOST = (
    http.client.RemoteDisconnected,
    http.client.CannotSendRequest,
    ConnectionResetError,
    BrokenPipeError,
)
_LETTERS = re.compile(r"[^\W\d_]+")


class Client:
    """One persistent HTTP/1.1 connection; reopened once if the server closed an idle one."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.conn: http.client.HTTPConnection | None = None
        self.reused = False
        self.reconnects = 0

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = None
        self.reused = False

    def get(self, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    self.host, self.port, timeout=REQUEST_TIMEOUT
                )
            reused = self.reused
            try:
                self.conn.request("GET", path, headers=headers)
                response = self.conn.getresponse()
                body = response.read()
            except _CONNECTION_LOST:
                self.close()
                if not reused or attempt:
                    raise
                self.reconnects += 1
                continue
            self.reused = True
            if response.will_close:
                self.close()
            return response.status, body
        raise AssertionError("unreachable")


Expect = Literal["hits", "empty", "found"]


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of `values`; NaN for none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class ScenarioResult:
    name: str
    description: str
    planned: int
    expect: Expect  # search: results ("hits") or none ("empty"); detail: HTTP 200 ("found")
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    hits: int = 0  # valid answers with at least one patient
    empty: int = 0  # valid answers without (an empty page, or the detail's 404)
    seconds: float = 0.0
    timed_out: bool = False
    error_samples: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + self.errors

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def unexpected(self) -> int:
        """Valid answers that contradict the access model (a hit where none is allowed ...)."""
        return self.hits if self.expect == "empty" else self.empty

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile of the successful requests, in ms."""
        return percentile(self.latencies_ms, p)


Check = Callable[[int, bytes], tuple[str | None, int]]


def check_search(status: int, body: bytes) -> tuple[str | None, int]:
    """(None, number of patients) for a valid search page, else (error text, 0)."""
    if status != 200:
        return f"HTTP {status}: {body[:200]!r}", 0
    try:
        data: Any = json.loads(body)
    except ValueError:
        return f"not JSON: {body[:200]!r}", 0
    if not isinstance(data, dict) or not {"side", "neste", "forrige", "resultater"} <= set(data):
        return f"unexpected JSON: {body[:200]!r}", 0
    if not isinstance(data["resultater"], list):
        return "resultater is not a list", 0
    return None, len(data["resultater"])


def check_detail(status: int, body: bytes) -> tuple[str | None, int]:
    """(None, 1) for a patient, (None, 0) for the 404 of a patient one may not see."""
    if status == 404:
        return None, 0
    if status != 200:
        return f"HTTP {status}: {body[:200]!r}", 0
    try:
        data: Any = json.loads(body)
    except ValueError:
        return f"not JSON: {body[:200]!r}", 0
    if not isinstance(data, dict) or not {"id", "identifikator", "tilgang"} <= set(data):
        return f"unexpected JSON: {body[:200]!r}", 0
    return None, 1


def check_overview(status: int, body: bytes) -> tuple[str | None, int]:
    """(None, 1) for a summary with notes, (None, 0) for the 404 of a patient one may not see."""
    if status == 404:
        return None, 0
    if status != 200:
        return f"HTTP {status}: {body[:200]!r}", 0
    try:
        data: Any = json.loads(body)
    except ValueError:
        return f"not JSON: {body[:200]!r}", 0
    if not isinstance(data, dict) or not {"pasient", "notater", "diagnoser"} <= set(data):
        return f"unexpected JSON: {body[:200]!r}", 0
    if not data["notater"]:
        return "a patient with a rich history shows no notes", 0
    return None, 1


def _phase(
    clients: list[Client],
    paths: list[str],
    headers: dict[str, str],
    time_limit: float,
    check: Check,
    result: ScenarioResult | None,
) -> float:
    """Send every path once (or until the time limit) over the clients; returns seconds."""
    lock = threading.Lock()
    stop = threading.Event()
    position = [0]
    started = time.monotonic()
    deadline = started + time_limit

    def worker(client: Client) -> None:
        while time.monotonic() < deadline and not stop.is_set():
            with lock:
                index = position[0]
                if index >= len(paths):
                    return
                position[0] = index + 1
            begun = time.perf_counter()
            try:
                status, body = client.get(paths[index], headers)
                problem, found = check(status, body)
            except Exception as exc:  # any failure is the request's error, not the thread's end
                client.close()
                problem, found = f"{type(exc).__name__}: {exc}", 0
            elapsed_ms = (time.perf_counter() - begun) * 1000
            if result is None:
                continue
            with lock:
                if problem is None:
                    result.latencies_ms.append(elapsed_ms)
                    result.hits += found > 0
                    result.empty += found == 0
                else:
                    result.errors += 1
                    if len(result.error_samples) < 3:
                        result.error_samples.append(problem)

    threads = [threading.Thread(target=worker, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join(max(0.1, deadline - time.monotonic()) + REQUEST_TIMEOUT * 2 + 5)
    except BaseException:
        stop.set()  # Ctrl-C / SIGTERM: no new requests; the threads are daemons
        raise
    seconds = time.monotonic() - started
    if result is not None:
        result.timed_out = position[0] < len(paths) or any(t.is_alive() for t in threads)
    return seconds


def run_scenario(
    *,
    name: str,
    description: str,
    paths: list[str],
    expect: Expect,
    check: Check,
    clients: list[Client],
    token: str,
    warmup: int,
    time_limit: float,
) -> ScenarioResult:
    """The first `warmup` paths are requested but not measured; the rest are."""
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    _phase(clients, paths[:warmup], headers, time_limit, check, None)
    result = ScenarioResult(
        name=name, description=description, planned=len(paths) - warmup, expect=expect
    )
    result.seconds = _phase(clients, paths[warmup:], headers, time_limit, check, result)
    return result


def search_paths(queries: list[str]) -> list[str]:
    return [SEARCH_PATH + quote(q, safe="") for q in queries]


def detail_paths(rows: list[SampleRow], count: int, rng: random.Random) -> list[str]:
    values = [DETAIL_PATH.format(id=r.id) for r in rows]
    rng.shuffle(values)
    return _cycle(values, count)


def overview_paths(rows: list[SampleRow], count: int, rng: random.Random) -> list[str]:
    values = [OVERVIEW_PATH.format(id=r.id) for r in rows]
    rng.shuffle(values)
    return _cycle(values, count)


def _cycle(values: list[str], count: int) -> list[str]:
    if not values:
        return []
    return [values[i % len(values)] for i in range(count)]


def identifier_queries(rows: list[SampleRow], count: int, rng: random.Random) -> list[str]:
    values = [r.identifikator for r in rows]
    rng.shuffle(values)
    return _cycle(values, count)


def birth_date_queries(rows: list[SampleRow], count: int, rng: random.Random) -> list[str]:
    values = [r.fodselsdato.strftime("%d.%m.%Y") for r in rows]
    rng.shuffle(values)
    return _cycle(values, count)


def name_prefix_queries(rows: list[SampleRow], count: int, rng: random.Random) -> list[str]:
    """2-5 letter prefixes, lower case as typed, of real first names and surnames.

    The prefix comes from the name's first run of letters ("Li" of "Li-Ann"), so the
    patient it was taken from always matches it.
    """
    values: list[str] = []
    for row in rows:
        name = row.etternavn if rng.random() < 0.5 else row.fornavn
        runs = _LETTERS.findall(name)
        letters = runs[0] if runs else ""
        if len(letters) < 2:
            continue
        values.append(letters[: rng.randint(2, min(5, len(letters)))].lower())
    rng.shuffle(values)
    return _cycle(values, count)
