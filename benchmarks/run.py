"""Kommunejournal benchmark: patient search over the API with 1,000,000 patients.

Run with `make bench` (DATABASE_URL and REDIS_URL exported). See benchmarks/README.md.
Everything runs against the separate database `kommunejournal_bench` on the same server,
and all traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench_db
import bench_load
import bench_server
from bench_db import BenchError, GeneratorRun, Population
from bench_explain import Explained, explain_searches
from bench_load import Client, ScenarioResult

RESULTS = Path(__file__).resolve().parent / "results" / "latest.txt"
PLAN_LINES = 30


def log(message: str) -> None:
    # UTC: Django (set up in-process for EXPLAIN) changes the process's local time zone.
    print(f"[bench {dt.datetime.now(dt.UTC):%H:%M:%S}Z] {message}", flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--patients", type=int, default=1_000_000, help="patients to ensure")
    p.add_argument("--concurrency", type=int, default=8, help="client threads")
    p.add_argument("--requests", type=int, default=2000, help="measured requests per scenario")
    p.add_argument("--warmup", type=int, default=100, help="unmeasured requests per scenario")
    p.add_argument(
        "--time-limit", type=float, default=120.0, help="seconds per scenario phase at most"
    )
    p.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    p.add_argument(
        "--threads", type=int, default=2, help="threads per worker (gthread; 1 = sync worker)"
    )
    p.add_argument(
        "--scenarios",
        default="identifikator,navneprefiks,fodselsdato",
        help="comma-separated subset of identifikator,navneprefiks,fodselsdato",
    )
    p.add_argument("--seed", type=int, default=20261122, help="sampling seed")
    p.add_argument(
        "--measure-generator",
        type=int,
        nargs="?",
        const=100_000,
        default=None,
        metavar="N",
        help="also time the generator on N (default 100,000) rows in a throwaway database",
    )
    p.add_argument(
        "--reset", action="store_true", help="drop and recreate the benchmark database first"
    )
    p.add_argument("--skip-load", action="store_true", help="only the database and EXPLAIN")
    p.add_argument("--output", type=Path, default=RESULTS, help="where to write the summary")
    args = p.parse_args(argv)
    for name in ("patients", "concurrency", "requests"):
        if getattr(args, name) < 1:
            p.error(f"--{name} must be at least 1")
    if args.warmup < 0 or args.workers < 1 or args.threads < 1 or args.time_limit <= 0:
        p.error("--warmup >= 0, --workers >= 1, --threads >= 1, --time-limit > 0")
    return args


def _git_commit() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=bench_db.ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    dirty = ""
    if done.returncode == 0:
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=bench_db.ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        dirty = "+local changes" if status.stdout.strip() else ""
    return (done.stdout.strip() or "?") + (f" {dirty}" if dirty else "")


def _generator_line(label: str, run: GeneratorRun) -> str:
    return (
        f"{label}: {run.inserted:,} rows in {run.seconds:.1f} s = {run.rows_per_second:,.0f} rows/s"
        f" (manage.py wall time {run.wall_seconds:.1f} s, {run.at})"
    )


def _scenario_table(results: list[ScenarioResult]) -> list[str]:
    header = (
        f"{'scenario':<14}{'requests':>9}{'errors':>7}{'empty':>7}{'req/s':>9}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        lines.append(
            f"{r.name:<14}{r.requests:>9}{r.errors:>7}{r.empty:>7}{r.throughput:>9.1f}"
            f"{r.percentile(50):>9.1f}{r.percentile(95):>9.1f}{r.percentile(99):>9.1f}"
            f"{r.percentile(100):>9.1f}"
        )
    for r in results:
        notes = []
        if r.timed_out:
            notes.append(f"time limit reached after {r.requests} of {r.planned} requests")
        if r.errors:
            notes.append("errors, e.g. " + " | ".join(r.error_samples))
        if notes:
            lines.append(f"  ! {r.name}: " + "; ".join(notes))
    return lines


def _explain_section(explained: list[Explained]) -> list[str]:
    lines = [
        "EXPLAIN (ANALYZE, BUFFERS) of pasient_search's patient SELECT "
        "(median of 5, warm cache, LIMIT 21 = page 1):"
    ]
    header = f"{'search':<26}{'sok':<22}{'exec ms':>9}{'plan ms':>9}  access"
    lines += [header, "-" * (len(header) + 30)]
    for e in explained:
        access = ", ".join(e.index_nodes) or "no index"
        if e.seq_scan:
            access = "SEQ SCAN; " + access
        lines.append(
            f"{e.label:<26}{e.sok!r:<22}{e.execution_ms:>9.2f}{e.planning_ms:>9.2f}  {access}"
        )
    for e in explained:
        if e.seq_scan or e.label.startswith(("name prefix (3, common)", "identifier")):
            lines += ["", f"Plan, {e.label} sok={e.sok!r}:"]
            if e.seq_scan:
                lines.append(f"  SQL: {e.sql}")
            shown = e.plan if e.seq_scan else e.plan[:PLAN_LINES]
            lines += [f"  {line}" for line in shown]
            if len(shown) < len(e.plan):
                lines.append(f"  ... ({len(e.plan) - len(shown)} more lines)")
    if any(e.seq_scan for e in explained):
        lines += [
            "",
            "! A search plan uses a Seq Scan on journal_pasient. That is an application issue",
            "  (indexes/query shape in journal/selectors.py), not a benchmark setting.",
        ]
    return lines


def _summary(
    *,
    args: argparse.Namespace,
    started_at: dt.datetime,
    population: Population,
    generator_sample: GeneratorRun | None,
    server_description: str,
    load_note: str,
    pg_version: str,
    pg_settings: dict[str, str],
    results: list[ScenarioResult],
    explained: list[Explained],
    elapsed: float,
) -> str:
    lines = [
        f"Kommunejournal benchmark, {started_at:%Y-%m-%d %H:%M} UTC, commit {_git_commit()}",
        f"Machine: {os.cpu_count()} CPUs; PostgreSQL {pg_version} "
        + ", ".join(f"{k}={v}" for k, v in sorted(pg_settings.items())),
        f"Database: {bench_db.BENCH_DB}, {population.patients:,} patients "
        f"(target {args.patients:,}, {population.patients_before:,} before this run)",
    ]
    if population.generated:
        lines.append(_generator_line("Generator (this run)", population.generated))
    elif population.last_generated:
        lines.append(
            "Generator: data already present, nothing generated; "
            + _generator_line("last recorded run", population.last_generated)
        )
    else:
        lines.append("Generator: data already present, nothing generated (no recorded figure)")
    if generator_sample:
        lines.append(_generator_line("Generator sample (throwaway database)", generator_sample))
    lines.append("")
    if results:
        lines += [
            f"API: GET /api/v1/pasienter/?sok=... as {bench_db.DEMO_USER} (token), "
            f"{server_description}, {args.concurrency} client threads, keep-alive,",
            f"     {args.warmup} warm-up + {args.requests} measured requests per scenario "
            f"(limit {args.time_limit:.0f} s). Latency = full response, client side.",
            f"     {load_note}",
            "",
            *_scenario_table(results),
            "",
        ]
    elif args.skip_load:
        lines += ["API load: skipped (--skip-load)", ""]
    lines += _explain_section(explained)
    lines += ["", f"Total run time: {elapsed:.1f} s"]
    return "\n".join(lines) + "\n"


def _load(
    args: argparse.Namespace, url: str, log_path: Path
) -> tuple[list[ScenarioResult], str, str]:
    rng = random.Random(args.seed)
    per_scenario = args.warmup + args.requests
    log("sampling real identifiers, names and birth dates from the benchmark database")
    rows = bench_db.sample_rows(url, max(2 * per_scenario, 5000), args.seed)
    if not rows:
        raise BenchError("No patients to sample from.")
    builders = {
        "identifikator": ("exact identifier", bench_load.identifier_queries),
        "navneprefiks": ("2-5 letter name prefix", bench_load.name_prefix_queries),
        "fodselsdato": ("birth date dd.mm.yyyy", bench_load.birth_date_queries),
    }
    wanted = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in builders]
    if unknown:
        raise BenchError(f"Unknown scenario(s): {', '.join(unknown)}")
    log(f"starting gunicorn (log: {log_path})")
    server = bench_server.start(url, workers=args.workers, threads=args.threads, log_path=log_path)
    clients: list[Client] = []
    results: list[ScenarioResult] = []
    load_before = os.getloadavg()[0]
    try:
        bench_server.wait_ready(server)
        log(f"{server.description} listening on 127.0.0.1:{server.port}")
        token = bench_server.token_get(server, bench_db.DEMO_USER, bench_db.DEMO_PASSWORD)
        clients = [Client(bench_server.HOST, server.port) for _ in range(args.concurrency)]
        for name in wanted:
            description, build = builders[name]
            queries = build(rows, per_scenario, rng)
            non_ascii = sum(1 for q in queries if not q.isascii())
            extra = f", {non_ascii} with æ/ø/å" if non_ascii else ""
            log(f"scenario {name}: {description} ({len(queries)} requests{extra})")
            result = bench_load.run_scenario(
                name=name,
                description=description,
                queries=queries,
                clients=clients,
                token=token,
                warmup=args.warmup,
                time_limit=args.time_limit,
            )
            log(
                f"  {result.requests} requests, {result.errors} errors, "
                f"{result.throughput:.1f} req/s, p50 {result.percentile(50):.1f} ms, "
                f"p95 {result.percentile(95):.1f} ms, p99 {result.percentile(99):.1f} ms"
            )
            results.append(result)
        for client in clients:
            client.close()
    finally:
        log("stopping gunicorn")
        bench_server.stop(server)
    load_after = os.getloadavg()[0]
    load_note = f"1-min load average before/after the load: {load_before:.2f}/{load_after:.2f}"
    if load_before > 0.5:
        load_note += " (! the machine was not idle; other processes share the CPUs)"
    errors = sum(r.errors for r in results)
    if errors:
        log(f"gunicorn log tail:\n{server.log_tail()}")
    return results, server.description, load_note


def _explain(url: str, rows: list[bench_db.SampleRow]) -> list[Explained]:
    common = bench_db.prefix_pick(url, rare=False)
    rare = bench_db.prefix_pick(url, rare=True)
    with_letter = next((r.etternavn for r in rows if r.etternavn[:1] in "ØÅÆ"), "Østby")
    first = rows[0]
    searches = [
        ("identifier", first.identifikator),
        ("birth date", first.fodselsdato.strftime("%d.%m.%Y")),
        ("name prefix (3, common)", common),
        ("name prefix (3, rare)", rare),
        ("name prefix (2)", common[:2]),
        ("name prefix (3, æøå)", with_letter[:3].lower()),
        ("first-name prefix (3)", first.fornavn[:3].lower()),
        ("name prefix, no match", "xqz"),
        ("surname + first name", f"{first.etternavn} {first.fornavn}"),
    ]
    log("EXPLAIN (ANALYZE, BUFFERS) of the search queries (Django in-process)")
    return explain_searches(url, searches)


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # same clean-up as Ctrl-C (gunicorn is stopped in a finally)


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, _terminate)
    started = time.monotonic()
    started_at = dt.datetime.now(dt.UTC)
    args = parse_args(argv)
    base = os.environ.get("DATABASE_URL")
    if not base or not os.environ.get("REDIS_URL"):
        print(
            "DATABASE_URL and REDIS_URL must be set; run `make bench`, or first\n"
            '  eval "$(.venv/bin/python scripts/devservices.py env)"',
            file=sys.stderr,
        )
        return 2
    url = bench_db.database_url(base, bench_db.BENCH_DB)
    if url == base:
        print("DATABASE_URL already names the benchmark database; refusing.", file=sys.stderr)
        return 2
    try:
        created = bench_db.database_create(url, drop_first=args.reset)
        log(f"database {bench_db.BENCH_DB} {'created' if created else 'exists'}")
        population = bench_db.populate(url, args.patients, log)
        sample: GeneratorRun | None = None
        if args.measure_generator:
            sample = bench_db.measure_generator(base, args.measure_generator, log)
            log(_generator_line("generator sample", sample))
        log_path = Path(tempfile.gettempdir()) / "kommunejournal-bench-gunicorn.log"
        results: list[ScenarioResult] = []
        description = load_note = ""
        if not args.skip_load:
            results, description, load_note = _load(args, url, log_path)
        explained = _explain(url, bench_db.sample_rows(url, 50, args.seed + 1))
        text = _summary(
            args=args,
            started_at=started_at,
            population=population,
            generator_sample=sample,
            server_description=description,
            load_note=load_note,
            pg_version=bench_db.server_version(url),
            pg_settings=bench_db.server_settings(url),
            results=results,
            explained=explained,
            elapsed=time.monotonic() - started,
        )
    except BenchError as exc:
        print(f"\nBenchmark failed: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    print("\n" + text, end="")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    log(f"summary written to {args.output}")
    failed = sum(r.errors for r in results) + sum(r.timed_out for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
