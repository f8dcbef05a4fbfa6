"""The core request path against its floor (issue 12, targets 1 and 5).

Exact-id search (`GET /api/v1/pasienter/?sok=<identifier>`) and patient read
(`GET /api/v1/pasienter/<id>/`) with a real API key, as the unit related to every patient
(`alle`) and as the district nurse with 2,000 relationships (`distrikt`), on the data
`load_gnuhealth_csv.py` loads (the GNU Health peer's CSV). Each is measured for our stack
and for the floor (bench_floor.py: the same JSON, access rule and audit rows in raw SQL):

- in process (`--mode inprocess`): both as WSGI callables in this process, requests
  interleaved, N per cell; CPU ms per request (this process only: Python, not PostgreSQL)
  and wall-clock p50/p95, plus our SQL statements per request;
- over HTTP (`--mode http`): each under gunicorn with 2 sync workers, closed-loop clients
  at c=1 and c=8 (a new connection per request, as sync workers close them), cells
  interleaved; req/s and p50/p95/p99.

    .venv/bin/python benchmarks/bench_kjerne.py --setup /tmp/kj-perf/kj-setup.json \\
        --keys /tmp/kj-perf/kj-keys.csv --mode both

DATABASE_URL, REDIS_URL and DJANGO_SECRET_KEY as for the server. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import io
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
WORKLOADS = ("ident", "read")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def load_keys(path: str, who: str, count: int, seed: int) -> list[tuple[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = [(r["identifikator"], r["id"], r["district"].strip()) for r in csv.DictReader(f)]
    mine = [(i, p) for i, p, d in rows if who == "alle" or d == "1"]
    return random.Random(seed).sample(mine, min(count, len(mine)))


def paths(workload: str, keys: list[tuple[str, str]]) -> list[tuple[str, str]]:
    if workload == "ident":
        return [("/api/v1/pasienter/", f"sok={i}") for i, _p in keys]
    return [(f"/api/v1/pasienter/{p}/", "") for _i, p in keys]


# ---- in process ---------------------------------------------------------------------------


def wsgi_call(app: Callable[..., Any], path: str, query: str, token: str) -> tuple[str, bytes]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_AUTHORIZATION": f"Token {token}",
        "HTTP_ACCEPT": "application/json",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    status: list[str] = []

    def start_response(s: str, _headers: Any, _exc: Any = None) -> None:
        status.append(s)

    result = app(environ, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return status[0], body


def inprocess(a: argparse.Namespace, setup: dict[str, Any], password: str) -> list[str]:
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, a.src)
    os.chdir(a.src)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    import bench_floor
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ours = WSGIHandler()
    floor = bench_floor.Floor(os.environ["DATABASE_URL"])
    lines = []
    for who in a.who.split(","):
        token = http_token_inprocess(ours, setup["units"][who]["username"], password)
        keys = load_keys(a.keys, who, a.requests + a.warmup, a.seed)
        for workload in WORKLOADS:
            todo = paths(workload, keys)
            cpu = {"ours": 0.0, "floor": 0.0}
            wall: dict[str, list[float]] = {"ours": [], "floor": []}
            for n, (path, query) in enumerate(todo):
                order = ("ours", "floor") if n % 2 else ("floor", "ours")
                for side in order if not a.skip_floor else ("ours",):
                    c0, w0 = time.process_time(), time.perf_counter()
                    if side == "ours":
                        status, body = wsgi_call(ours, path, query, token)
                    else:
                        code, body = floor.handle(path, query[4:] or None, f"Token {token}")
                        status = str(code)
                    c1, w1 = time.process_time(), time.perf_counter()
                    if not status.startswith("200"):
                        raise SystemExit(f"{side} {path}?{query}: {status} {body[:200]!r}")
                    if n >= a.warmup:
                        cpu[side] += c1 - c0
                        wall[side].append((w1 - w0) * 1000)
            with CaptureQueriesContext(connection) as q:
                wsgi_call(ours, *todo[0], token)
            statements = [
                s["sql"]
                for s in q.captured_queries
                if s["sql"] not in ("BEGIN", "COMMIT") and not s["sql"].startswith("SAVEPOINT")
            ]
            measured = len(wall["ours"])
            if a.skip_floor:
                wall["floor"], cpu["floor"] = [float("nan")], float("nan")
            o_cpu, f_cpu = cpu["ours"] * 1000 / measured, cpu["floor"] * 1000 / measured
            lines.append(
                f"{who:8} {workload:5} ours: cpu {o_cpu:5.2f} ms/req,"
                f" p50 {pct(wall['ours'], 50):6.2f}"
                f" p95 {pct(wall['ours'], 95):6.2f} ms, {len(statements)} SQL | "
                f"floor: cpu {f_cpu:5.2f}, p50 {pct(wall['floor'], 50):6.2f}"
                f" p95 {pct(wall['floor'], 95):6.2f} | ours/floor: cpu {o_cpu / f_cpu:4.2f}x,"
                f" p50 {pct(wall['ours'], 50) / pct(wall['floor'], 50):4.2f}x"
            )
            print(lines[-1], flush=True)
    return lines


def http_token_inprocess(app: Callable[..., Any], username: str, password: str) -> str:
    body = json.dumps({"username": username, "password": password}).encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/v1/auth/token/",
        "QUERY_STRING": "",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
    }
    out = b"".join(app(environ, lambda *_args: None))
    if b"token" not in out:
        raise SystemExit(f"login as {username} failed: {out[:300]!r}")
    return str(json.loads(out)["token"])


# ---- over HTTP ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(app: str, chdir: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        app,
        "--chdir",
        str(chdir),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--log-level",
        "warning",
    ]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_DEBUG": "False"}
    proc = subprocess.Popen(command, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGKILL)
    raise SystemExit(f"gunicorn {app} did not start")


def stop(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def get(port: int, path: str, query: str, headers: dict[str, str]) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    target = f"{path}?{query}" if query else path
    conn.request("GET", target, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status


def load(
    port: int, todo: list[tuple[str, str]], conc: int, seconds: float, headers: dict[str, str]
) -> tuple[list[float], int, float]:
    """`conc` closed-loop clients for `seconds`, a new connection per request: (latencies
    in ms, requests not answered 200, elapsed seconds). bench_tak.py uses it too."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        n = offset
        mine: list[float] = []
        while time.perf_counter() < stop_at:
            path, query = todo[n % len(todo)]
            n += conc
            t0 = time.perf_counter()
            status = get(port, path, query, headers)
            mine.append((time.perf_counter() - t0) * 1000)
            if status != 200:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(conc)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0], time.perf_counter() - started


def cell(port: int, token: str, todo: list[tuple[str, str]], conc: int, seconds: float) -> str:
    latencies, errors, elapsed = load(
        port, todo, conc, seconds, {"Authorization": f"Token {token}"}
    )
    return (
        f"{len(latencies) / elapsed:7.1f} req/s p50 {pct(latencies, 50):6.1f} "
        f"p95 {pct(latencies, 95):6.1f} p99 {pct(latencies, 99):6.1f} ms"
        f"{f' ERRORS {errors}' if errors else ''}"
    )


def over_http(a: argparse.Namespace, setup: dict[str, Any], password: str) -> list[str]:
    ports = {"ours": free_port(), "floor": free_port()}
    procs = {
        "ours": start("config.wsgi:application", Path(a.src), ports["ours"], a.workers),
    }
    if not a.skip_floor:
        procs["floor"] = start("bench_floor:app", HERE, ports["floor"], a.workers)
    if a.baseline_src:
        ports["before"] = free_port()
        procs["before"] = start(
            "config.wsgi:application", Path(a.baseline_src), ports["before"], a.workers
        )
    lines = []
    try:
        for who in a.who.split(","):
            username = setup["units"][who]["username"]
            tokens = {}
            for side in procs:
                conn = http.client.HTTPConnection(
                    "127.0.0.1", ports["ours" if side == "floor" else side], timeout=30
                )
                conn.request(
                    "POST",
                    "/api/v1/auth/token/",
                    body=json.dumps({"username": username, "password": password}),
                    headers={"Content-Type": "application/json"},
                )
                tokens[side] = json.loads(conn.getresponse().read())["token"]
            keys = load_keys(a.keys, who, 5000, a.seed)
            for workload in WORKLOADS:
                todo = paths(workload, keys)
                for conc in (1, 8):
                    for side in procs:  # interleaved per cell
                        cell(ports[side], tokens[side], todo, conc, 2)  # warm-up
                        result = cell(ports[side], tokens[side], todo, conc, a.seconds)
                        lines.append(f"{who:8} {workload:5} c={conc} {side:5}: {result}")
                        print(lines[-1], flush=True)
    finally:
        for proc in procs.values():
            stop(proc)
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--setup", required=True, help="JSON written by load_gnuhealth_csv.py")
    ap.add_argument("--keys", required=True, help="CSV written by load_gnuhealth_csv.py")
    ap.add_argument("--password-file", default=None, help="default: the one in --setup")
    ap.add_argument("--mode", choices=("inprocess", "http", "both"), default="both")
    ap.add_argument("--who", default="alle,distrikt")
    ap.add_argument("--requests", type=int, default=500, help="measured, per in-process cell")
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=15, help="per HTTP cell")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20261205)
    ap.add_argument("--src", default=str(ROOT), help="the checkout whose code is 'ours'")
    ap.add_argument(
        "--baseline-src", default="", help="HTTP: also an older checkout ('before'), interleaved"
    )
    ap.add_argument("--skip-floor", action="store_true", help="ours only (e.g. an older --src)")
    ap.add_argument("--output", default=str(HERE / "results" / "kjerne.txt"))
    a = ap.parse_args()
    setup = json.loads(Path(a.setup).read_text(encoding="utf-8"))
    password = Path(a.password_file or setup["password_file"]).read_text(encoding="utf-8").strip()
    load = os.getloadavg()[0]
    lines = [f"bench_kjerne {time.strftime('%Y-%m-%d %H:%M:%S')} src {a.src} load(1m) {load:.2f}"]
    if a.mode in ("inprocess", "both"):
        lines += ["", "In process (WSGI callables, interleaved):"]
        lines += inprocess(a, setup, password)
    if a.mode in ("http", "both"):
        head = f"Over HTTP (gunicorn, {a.workers} sync workers, {a.seconds:.0f} s per cell):"
        lines += ["", head]
        lines += over_http(a, setup, password)
    lines.append(f"load(1m) at the end {os.getloadavg()[0]:.2f}")
    Path(a.output).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
