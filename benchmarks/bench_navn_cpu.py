"""CPU per name-prefix search, in process, of one code tree (issue 12, navn60).

`GET /api/v1/pasienter/?sok=<2-5 letter prefix>` as the demo user `sykepleier` (its unit has
2,000 care relationships) against the benchmark database, through Django's WSGI handler in
this process (middleware, DRF, serializer: all but gunicorn and the socket), one request at
a time on one kept database connection. The prefixes are run.py's (bench_load's, same seed).
Prints one line: this process's CPU (Python) and the PostgreSQL backend's CPU (from
/proc/<pid>/stat, so PostgreSQL must run on this machine) per request, wall p50/p95, and
the statements per search. CPU is what a busy, shared machine measures best; alternate the
code trees (`--src`) in separate runs to compare them:

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kj_bench1m REDIS_URL=... \\
        DJANGO_SECRET_KEY=x
    for i in 1 2 3; do for src in /work/wt/navn60-base /work/wt/navn60; do
        .venv/bin/python benchmarks/bench_navn_cpu.py --src $src --requests 400; done; done
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _proc_cpu(pid: int) -> float:
    """User + system CPU seconds of a process (this machine's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _profile(app: Any, todo: list[tuple[str, str]], token: str, top: int, call: Any) -> None:
    """The requests again under cProfile: the top functions by own time, then by
    cumulative time (not part of the timed figures)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for path, query in todo:
        call(app, path, query, token)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--src", default=str(HERE.parent), help="the code tree to run")
    p.add_argument("--requests", type=int, default=400)
    p.add_argument("--warmup", type=int, default=50)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument(
        "--profile",
        type=int,
        default=0,
        help="after the timed run, profile the requests again (cProfile) and print the top N",
    )
    a = p.parse_args()
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, a.src)
    os.chdir(a.src)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DJANGO_DEBUG": "False",
            "DATABASE_CONN_MAX_AGE": "3600",
            "ALLOW_SYNTHETIC_IDENTITIES": "True",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    import bench_db
    import bench_load
    from bench_kjerne import http_token_inprocess, wsgi_call
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = os.environ["DATABASE_URL"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.enhet_id FROM core_tilknytning t JOIN core_ansatt a ON a.id = t.ansatt_id"
            " WHERE a.username = %s",
            [bench_db.DEMO_USER],
        )
        unit_id = str(cursor.fetchone()[0])
    total = a.warmup + a.requests
    district = bench_db.sample_district(url, unit_id, total, a.seed)
    queries = bench_load.name_prefix_queries(district, total, random.Random(a.seed))
    app = WSGIHandler()
    token = http_token_inprocess(app, bench_db.DEMO_USER, bench_db.DEMO_PASSWORD)
    todo = [("/api/v1/pasienter/", q.split("?", 1)[1]) for q in bench_load.search_paths(queries)]
    for path, query in todo[: a.warmup]:
        wsgi_call(app, path, query, token)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = int(cursor.fetchone()[0])
    wall: list[float] = []
    py0, pg0 = time.process_time(), _proc_cpu(pid)
    for path, query in todo[a.warmup :]:
        w0 = time.perf_counter()
        status, body = wsgi_call(app, path, query, token)
        wall.append((time.perf_counter() - w0) * 1000)
        if not status.startswith("200"):
            raise SystemExit(f"{path}?{query}: {status} {body[:200]!r}")
    py1, pg1 = time.process_time(), _proc_cpu(pid)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        if int(cursor.fetchone()[0]) != pid:
            raise SystemExit("the database connection changed during the run")
        # The search statements this connection prepared: how often PostgreSQL planned
        # them for the values (custom) and how often it ran the kept generic plan.
        cursor.execute(
            "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0)"
            " FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%journal_behandlingsrelasjon%core_auditlogg%"],
        )
        generic, custom = cursor.fetchone()
    with CaptureQueriesContext(connection) as captured:
        wsgi_call(app, *todo[-1], token)
    n = len(wall)
    wall.sort()
    if a.profile:
        _profile(app, todo[a.warmup :], token, a.profile, wsgi_call)
    print(
        f"{Path(a.src).name:14} n={n} python {1000 * (py1 - py0) / n:5.2f} ms/req,"
        f" postgres {1000 * (pg1 - pg0) / n:5.2f} ms/req,"
        f" wall p50 {statistics.median(wall):6.2f} p95 {wall[int(0.95 * (n - 1))]:6.2f} ms,"
        f" {len(captured.captured_queries)} statements, plans generic {generic} custom {custom},"
        f" load {os.getloadavg()[0]:.2f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
