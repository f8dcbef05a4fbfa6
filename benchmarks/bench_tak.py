"""Where the id search's and the read's throughput at c=8 goes (issue 12, third pass).

The same closed-loop client (threads, a new connection per request as gunicorn's sync worker
closes it, `Authorization: Token` and `X-Enhet`) against several servers, each gunicorn with 2
sync workers, in interleaved cells (the order reversed every other round), so that they all
see the same machine:

- `hello`: a WSGI app answering a fixed JSON (the server's and the client's own cost);
- `floor`: bench_floor.py, the same work in raw SQL with prepared statements;
- `ours`: config.wsgi of `--src`;
- `async`: ours with `synchronous_commit=off` (PGOPTIONS), to see what waiting for the commit's
  WAL flush costs; an experiment, not a setting to run with;
- `nochain`: ours against `--nochain-db`, a copy of the database whose audit chain trigger the
  caller has disabled (an experiment: `ALTER TABLE core_auditlogg DISABLE TRIGGER
  core_auditlogg_kjede`, and defaults '' for hash and forrige_hash); only with that option;
- `before`: config.wsgi of `--baseline-src`, an older checkout (e.g. `git archive` of the
  commit before a change), for an interleaved before/after; only with that option.
  `--skip-async` leaves the `async` server out (fewer cells per round).

Per cell: req/s, p50/p95 ms and the CPU of that server's gunicorn processes per request (from
/proc: Python and its kernel time, not PostgreSQL's), and the client's own CPU per request.

    .venv/bin/python benchmarks/bench_tak.py --setup /tmp/kj-perf/kj-setup.json \\
        --keys /tmp/kj-perf/kj-keys.csv

DATABASE_URL (the database load_gnuhealth_csv.py filled), REDIS_URL and DJANGO_SECRET_KEY as
for bench_kjerne.py. Results of 2026-12-06: results/2026-12-06-ceiling.txt.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
_HELLO = json.dumps(
    {"side": 1, "neste": None, "forrige": None, "resultater": [{"id": "0" * 36, "navn": "x"}]}
).encode()


def hello_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """The least a WSGI server can answer: a fixed JSON body."""
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(_HELLO)))]
    )
    return [_HELLO]


def _gunicorn_cpu(pid: int) -> float:
    """CPU seconds of a gunicorn master (its session) and its workers, from /proc."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == pid or int(entry) == pid:  # the master, or its child
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _token(port: int, username: str, password: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps({"username": username, "password": password})
    conn.request("POST", "/api/v1/auth/token/", body, {"Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"login as {username}: HTTP {response.status} {data[:200]!r}")
    return str(json.loads(data)["token"])


def _cell(
    port: int, todo: list[tuple[str, str]], headers: dict[str, str], conc: int, seconds: float
) -> tuple[int, list[float], int, float]:
    """bench_kjerne.load, plus this process's (the client's) CPU seconds."""
    import bench_kjerne as bk

    before = resource.getrusage(resource.RUSAGE_SELF)
    latencies, errors, _elapsed = bk.load(port, todo, conc, seconds, headers)
    after = resource.getrusage(resource.RUSAGE_SELF)
    client = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return len(latencies), sorted(latencies), errors, client


def main() -> None:
    sys.path.insert(0, str(HERE))
    import bench_kjerne as bk

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--setup", required=True, help="JSON written by load_gnuhealth_csv.py")
    ap.add_argument("--keys", required=True, help="CSV written by load_gnuhealth_csv.py")
    ap.add_argument("--who", default="alle")
    ap.add_argument("--workloads", default="ident,read")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=6)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--warmup", type=float, default=3, help="unmeasured seconds per server")
    ap.add_argument("--src", default=str(HERE.parent), help="the checkout whose code is 'ours'")
    ap.add_argument("--nochain-db", default="", help="a copy with the chain trigger disabled")
    ap.add_argument("--baseline-src", default="", help="an older checkout, served as 'before'")
    ap.add_argument("--skip-async", action="store_true", help="no 'async' server")
    ap.add_argument("--output", default=str(HERE / "results" / "tak.txt"))
    a = ap.parse_args()
    setup = json.loads(Path(a.setup).read_text(encoding="utf-8"))
    unit = setup["units"][a.who]
    password = Path(setup["password_file"]).read_text(encoding="utf-8").strip()
    src = Path(a.src)
    base_env = dict(os.environ)
    variants: list[tuple[str, str, Path, dict[str, str]]] = [
        ("hello", "bench_tak:hello_app", HERE, {}),
        ("floor", "bench_floor:app", HERE, {}),
        ("ours", "config.wsgi:application", src, {}),
        ("async", "config.wsgi:application", src, {"PGOPTIONS": "-c synchronous_commit=off"}),
    ]
    if a.skip_async:
        variants = [v for v in variants if v[0] != "async"]
    if a.baseline_src:
        variants.append(("before", "config.wsgi:application", Path(a.baseline_src), {}))
    if a.nochain_db:
        url = urlsplit(base_env["DATABASE_URL"])
        nochain = urlunsplit(url._replace(path=f"/{a.nochain_db}"))
        variants.append(("nochain", "config.wsgi:application", src, {"DATABASE_URL": nochain}))
    servers = {}
    try:
        for name, app, chdir, extra in variants:
            os.environ.clear()
            os.environ.update({**base_env, **extra})
            port = bk.free_port()
            servers[name] = (port, bk.start(app, chdir, port, 2))
        os.environ.clear()
        os.environ.update(base_env)
        token = _token(servers["ours"][0], unit["username"], password)
        headers = {
            "Accept": "application/json",
            "Authorization": f"Token {token}",
            "X-Enhet": unit["enhet_id"],
        }
        keys = bk.load_keys(a.keys, a.who, 5000, 20261206)
        lines = [
            f"bench_tak {time.strftime('%Y-%m-%d %H:%M:%S')} src {a.src} who {a.who}"
            f" c={a.concurrency} {a.rounds}x{a.seconds:.0f} s load(1m) {os.getloadavg()[0]:.2f}"
            + (f" before {a.baseline_src}" if a.baseline_src else "")
        ]
        for workload in a.workloads.split(","):
            todo = bk.paths(workload, keys)
            for port, _proc in servers.values():  # load the app, fill the caches
                _cell(port, todo, headers, a.concurrency, a.warmup)
            figures: dict[str, list[str]] = {name: [] for name in servers}
            for r in range(a.rounds):
                order = list(servers) if r % 2 == 0 else list(reversed(servers))
                for name in order:
                    port, proc = servers[name]
                    cpu0 = _gunicorn_cpu(proc.pid)
                    n, lat, errors, client = _cell(port, todo, headers, a.concurrency, a.seconds)
                    cpu = (_gunicorn_cpu(proc.pid) - cpu0) * 1000 / max(n, 1)
                    figures[name].append(
                        f"{n / a.seconds:6.0f} req/s p50 {lat[len(lat) // 2]:5.1f}"
                        f" p95 {lat[int(len(lat) * 0.95)]:5.1f} ms gunicorn {cpu:4.2f}"
                        f" client {client * 1000 / max(n, 1):4.2f} ms/req"
                        + (f" ({errors} not 200)" if errors and name != "hello" else "")
                    )
                    print(f"{workload} {name:8} {figures[name][-1]}", flush=True)
            lines.append(f"\n{workload}:")
            lines += [f"  {name:8} {cell}" for name, cells in figures.items() for cell in cells]
        lines.append(f"load(1m) at the end {os.getloadavg()[0]:.2f}")
        Path(a.output).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print("\n".join(lines))
    finally:
        for _port, proc in servers.values():
            bk.stop(proc)


if __name__ == "__main__":
    main()
