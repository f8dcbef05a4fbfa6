"""Kommunejournal benchmark: patient search and reads over the API with 1,000,000 patients.

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

import bench_dagsliste
import bench_db
import bench_faktura
import bench_historikk
import bench_legemidler
import bench_load
import bench_server
import bench_vft
from bench_audit import CHECK_AND_READ, NO_AUDIT_ROW, VARIANTS, WITH_AUDIT, AuditOverhead
from bench_audit import audit_overhead as audit_measure
from bench_db import BenchError, GeneratorRun, Population, Relations, SampleRow
from bench_explain import Explained, explain_searches
from bench_historikk import History
from bench_load import Check, Client, Expect, ScenarioResult
from bench_oversikt import OverviewFigures, overview_measure

RESULTS = Path(__file__).resolve().parent / "results" / "latest.txt"
PLAN_LINES = 30
SLOW_PLAN_LINES = 6  # enough for the main node, its filter and the rows it removed
SLOW_PLAN_MS = 50.0  # an EXPLAINed search slower than this is flagged
BIG_TABLES = ("journal_pasient", "journal_behandlingsrelasjon")
SCENARIOS = (
    "identifikator",
    "identifikator_utenfor",
    "navneprefiks",
    "fodselsdato",
    "detalj",
    "oversikt",
)


def log(message: str) -> None:
    # UTC: Django (set up in-process for EXPLAIN) changes the process's local time zone.
    print(f"[bench {dt.datetime.now(dt.UTC):%H:%M:%S}Z] {message}", flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--patients", type=int, default=1_000_000, help="patients to ensure")
    p.add_argument(
        "--district-patients",
        type=int,
        default=bench_db.DISTRICT_PATIENTS,
        help="active care relationships of the demo user's unit to ensure",
    )
    p.add_argument(
        "--other-relations",
        type=int,
        default=bench_db.OTHER_RELATIONS,
        help="active care relationships to ensure, spread over the other care units",
    )
    p.add_argument(
        "--rich-patients",
        type=int,
        default=100_000,
        help="patients to give a rich history (notes, vitals, problems, allergies, a plan)",
    )
    p.add_argument(
        "--overview-reads",
        type=int,
        default=500,
        metavar="N",
        help="overviews read in-process for the SQL query count (0 = skip)",
    )
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
        default=",".join(SCENARIOS),
        help="comma-separated subset of " + ",".join(SCENARIOS),
    )
    p.add_argument(
        "--audit-reads",
        type=int,
        default=1000,
        metavar="N",
        help="patients read in-process for the audit overhead (0 = skip)",
    )
    p.add_argument(
        "--vft-events",
        type=int,
        default=2000,
        metavar="N",
        help="signed welfare-technology events to ingest over HTTP (0 = skip)",
    )
    p.add_argument(
        "--vft-deliveries",
        type=int,
        default=300,
        metavar="N",
        help="outbox events timed through a Celery worker to the stand-in",
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
    p.add_argument(
        "--no-floor",
        dest="floor",
        action="store_false",
        help="skip the raw-SQL floor of identifier search and read (bench_floor.py)",
    )
    p.add_argument(
        "--faktura", type=int, default=0, metavar="N", help="invoice run for N residents"
    )
    p.add_argument("--output", type=Path, default=RESULTS, help="where to write the summary")
    p.add_argument("--dagsliste", action="store_true", help="only the home-care day list bench")
    p.add_argument("--legemidler", action="store_true", help="only the medication round bench")
    args = p.parse_args(argv)
    for name in ("patients", "concurrency", "requests", "district_patients"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.other_relations < 0 or args.audit_reads < 0 or args.overview_reads < 0:
        p.error("--other-relations >= 0, --audit-reads >= 0, --overview-reads >= 0")
    if args.rich_patients < 0:
        p.error("--rich-patients >= 0")
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
        f"{'scenario':<22}{'expect':>7}{'requests':>9}{'errors':>7}{'hits':>6}{'empty':>6}"
        f"{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        lines.append(
            f"{r.name:<22}{r.expect:>7}{r.requests:>9}{r.errors:>7}{r.hits:>6}{r.empty:>6}"
            f"{r.throughput:>8.1f}{r.percentile(50):>9.1f}{r.percentile(95):>9.1f}"
            f"{r.percentile(99):>9.1f}{r.percentile(100):>9.1f}"
        )
    lines += ["", *(f"  {r.name}: {r.description}" for r in results)]
    by_name = {r.name: r for r in results}
    for name in FLOOR_SCENARIOS:
        ours, floor = by_name.get(name), by_name.get(f"floor_{name}")
        if ours and floor and ours.requests and floor.requests:
            lines.append(
                f"  ours/floor {name}: p50 {ours.percentile(50) / floor.percentile(50):.2f}x, "
                f"p95 {ours.percentile(95) / floor.percentile(95):.2f}x, "
                f"req/s {floor.throughput / ours.throughput:.2f}x fewer"
            )
    for r in results:
        notes = []
        if r.timed_out:
            notes.append(f"time limit reached after {r.requests} of {r.planned} requests")
        if r.errors:
            notes.append("errors, e.g. " + " | ".join(r.error_samples))
        if r.unexpected:
            notes.append(
                f"{r.unexpected} answers contradict the access model (expected {r.expect})"
            )
        if notes:
            lines.append(f"  ! {r.name}: " + "; ".join(notes))
    return lines


def _audit_section(audit: AuditOverhead) -> list[str]:
    lines = [
        f"Audit overhead of a patient read, in-process (journal.selectors.pasient_get as "
        f"{bench_db.DEMO_USER}, role {audit.role}, acting in {audit.unit_name}):",
        f"  {audit.patients} patients of the unit, each read once per variant, interleaved "
        f"(order rotates), after {audit.warmup} unmeasured rounds.",
        "",
        f"  {'variant':<16}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  what",
    ]
    what = {
        WITH_AUDIT: "pasient_get as is (read and audit row in one statement, committed)",
        NO_AUDIT_ROW: "the same read, its audit row returned, not written",
        CHECK_AND_READ: "access_scoped + access_basis in transaction.atomic() only",
    }
    for variant in VARIANTS:
        lines.append(
            f"  {variant:<16}{audit.p(variant, 50):>9.2f}{audit.p(variant, 95):>9.2f}"
            f"{audit.p(variant, 99):>9.2f}  {what[variant]}"
        )
    overhead = audit.p(WITH_AUDIT, 50) - audit.p(NO_AUDIT_ROW, 50)
    lines += [
        "",
        f"  ratio of p50s, with / without the audit row: "
        f"{audit.ratio(WITH_AUDIT, NO_AUDIT_ROW):.3f} ({overhead:+.2f} ms)",
        f"  ratio of p50s, with audit / check + read only: "
        f"{audit.ratio(WITH_AUDIT, CHECK_AND_READ):.3f}",
        f"  audit rows committed by the measured reads: {audit.audit_rows} "
        f"(expected {audit.patients})",
    ]
    if audit.audit_rows != audit.patients:
        lines.append("  ! the number of audit rows does not match the number of reads")
    return lines


def _history_line(history: History) -> str:
    rows = ", ".join(f"{t.removeprefix('journal_')} {n:,}" for t, n in history.rows.items())
    added = (
        f"{history.added:,} added in {history.seconds:.0f} s" if history.added else "nothing added"
    )
    return (
        f"Rich history: {history.patients:,} patients ({added}); rows: {rows}"
        + ("" if history.plans else "; no plans (tiltaksplan tables missing)")
        + "."
    )


def _overview_section(o: OverviewFigures) -> list[str]:
    counts = ", ".join(f"{q} queries x {n}" for q, n in sorted(o.query_counts.items()))
    notes = ", ".join(f"{n} notes x {k}" for n, k in sorted(o.notes_per_patient.items()))
    lines = [
        f"Patient overview in-process (journal.selectors.oversikt_get as {bench_db.DEMO_USER}),"
        f" {o.patients} patients with a rich history:",
        f"  p50 {o.p(50):.1f} ms, p95 {o.p(95):.1f} ms, p99 {o.p(99):.1f} ms, "
        f"max {o.p(100):.1f} ms",
        f"  SQL queries per overview: {counts}",
        f"  notes per patient (first 200 sampled): {notes}",
        "  slowest statements: "
        + "; ".join(f"{ms:.1f} ms {sql[:90]}" for ms, sql in o.slowest_queries),
    ]
    if len(o.query_counts) > 1:
        lines.append("! the query count differs between patients; it must be fixed")
    return lines


def _explain_section(explained: list[Explained]) -> list[str]:
    lines = [
        "EXPLAIN (ANALYZE, BUFFERS) of pasient_search's patient SELECT as "
        f"{bench_db.DEMO_USER} (median of 5, warm cache, LIMIT 21 = page 1):"
    ]
    header = (
        f"{'search':<30}{'sok':<20}{'exec ms':>9}{'plan ms':>8}{'removed':>9}{'buffers':>9}  access"
    )
    lines += [header, "-" * (len(header) + 40)]
    for e in explained:
        access = ", ".join(e.index_nodes) or "no index"
        if e.seq_scan:
            access = "SEQ SCAN on " + ", ".join(e.seq_scans) + "; " + access
        lines.append(
            f"{e.label:<30}{e.sok!r:<20}{e.execution_ms:>9.2f}{e.planning_ms:>8.2f}"
            f"{e.rows_removed:>9}{e.buffers:>9}  {access}"
        )
    lines.append(
        "  removed = rows read and dropped by filters; buffers = shared buffers hit + read"
    )
    big_seq = [e for e in explained if any(t in BIG_TABLES for t in e.seq_scans)]
    slow = [e for e in explained if e.execution_ms > SLOW_PLAN_MS]
    lines.append(
        "  Seq Scan on journal_pasient or journal_behandlingsrelasjon: "
        + (", ".join(f"{e.label} ({', '.join(e.seq_scans)})" for e in big_seq) or "none")
    )
    sql_shown = False
    for e in explained:
        full = e in big_seq or e.label in ("identifier", "name prefix (3, common)")
        if not (full or e in slow):
            continue
        lines += ["", f"Plan, {e.label} sok={e.sok!r}:"]
        if (e in big_seq or e in slow) and not sql_shown:
            lines.append(f"  SQL: {e.sql}")
            sql_shown = True
        shown = e.plan if e in big_seq else e.plan[: PLAN_LINES if full else SLOW_PLAN_LINES]
        lines += [f"  {line}" for line in shown]
        if len(shown) < len(e.plan):
            lines.append(f"  ... ({len(e.plan) - len(shown)} more lines)")
    if big_seq or slow:
        lines.append("")
    if big_seq:
        lines += [
            "! A search plan uses a Seq Scan on a large table. That is an application issue",
            "  (indexes/query shape in journal/selectors, journal/access/), not a benchmark"
            " setting.",
        ]
    if slow:
        lines += [
            f"! Searches slower than {SLOW_PLAN_MS:.0f} ms in the database: "
            + ", ".join(f"{e.label} {e.execution_ms:.0f} ms" for e in slow)
            + ".",
        ]
        if any(e.rows_removed > 10_000 for e in slow):
            lines += [
                "  The plan walks a name index in sort order and drops every row the access",
                "  filter rejects (column 'removed'), so a unit related to few patients reads",
                "  most of the table for one page. An application issue (journal/access/,",
                "  journal/selectors/pasient.py); benchmarks/README.md, 'Findings', has the",
                "  measured query change.",
            ]
    return lines


def _summary(
    *,
    args: argparse.Namespace,
    started_at: dt.datetime,
    population: Population,
    relations: Relations,
    generator_sample: GeneratorRun | None,
    server_description: str,
    load_note: str,
    pg_version: str,
    pg_settings: dict[str, str],
    results: list[ScenarioResult],
    audit: AuditOverhead | None,
    history: History,
    overview: OverviewFigures | None,
    explained: list[Explained],
    elapsed: float,
    vft: bench_vft.VftResult | None = None,
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
    added = relations.district_added + relations.others_added
    lines += [
        f"Care relationships (active): {relations.district:,} for {bench_db.DEMO_USER}'s unit "
        f"{relations.unit_name!r} (target {args.district_patients:,}),",
        f"     {relations.others:,} over {relations.other_units} other care units "
        f"(target {args.other_relations:,}); {relations.total:,} rows in the table; "
        + (f"{added:,} added in {relations.seconds:.1f} s" if added else "nothing added")
        + ".",
        _history_line(history),
        "",
    ]
    if results:
        lines += [
            f"API as {bench_db.DEMO_USER} (token, acting in {relations.unit_name}), "
            f"{server_description}, {args.concurrency} client threads, keep-alive,",
            f"     {args.warmup} warm-up + {args.requests} measured requests per scenario "
            f"(limit {args.time_limit:.0f} s). Latency = full response, client side.",
            f"     {load_note}",
            "",
            *_scenario_table(results),
            "",
            "  The detail scenario is audited (one row per read); the API has no way to read",
            "  without auditing, so the in-process figures below give the audit's share.",
            "",
        ]
    elif args.skip_load:
        lines += ["API load: skipped (--skip-load)", ""]
    if audit is not None:
        lines += [*_audit_section(audit), ""]
    if vft is not None:
        lines += [*bench_vft.summary(vft), ""]
    if overview is not None:
        lines += [*_overview_section(overview), ""]
    lines += _explain_section(explained)
    lines += ["", f"Total run time: {elapsed:.1f} s"]
    return "\n".join(lines) + "\n"


def _scenario_plan(
    name: str,
    district: list[SampleRow],
    outside: list[SampleRow],
    count: int,
    rng: random.Random,
) -> tuple[str, Expect, Check, list[str]]:
    """(description, expectation, response check, paths) of one scenario."""
    search = bench_load.search_paths
    if name == "identifikator":
        queries = bench_load.identifier_queries(district, count, rng)
        return (
            "identifier of a patient of the unit",
            "hits",
            bench_load.check_search,
            search(queries),
        )
    if name == "identifikator_utenfor":
        queries = bench_load.identifier_queries(outside, count, rng)
        return (
            "identifier of a patient the unit has no relationship with",
            "empty",
            bench_load.check_search,
            search(queries),
        )
    if name == "navneprefiks":
        queries = bench_load.name_prefix_queries(district, count, rng)
        non_ascii = sum(1 for q in queries if not q.isascii())
        return (
            f"2-5 letter prefix of a name of a patient of the unit ({non_ascii} with æ/ø/å)",
            "hits",
            bench_load.check_search,
            search(queries),
        )
    if name == "fodselsdato":
        queries = bench_load.birth_date_queries(district, count, rng)
        return (
            "birth date dd.mm.yyyy of a patient of the unit",
            "hits",
            bench_load.check_search,
            search(queries),
        )
    if name == "oversikt":
        return (
            "GET /api/v1/pasienter/<id>/oversikt/, patient of the unit with a rich history",
            "found",
            bench_load.check_overview,
            bench_load.overview_paths(district, count, rng),
        )
    if name == "detalj":
        return (
            "GET /api/v1/pasienter/<id>/ of a patient of the unit (audited read)",
            "found",
            bench_load.check_detail,
            bench_load.detail_paths(district, count, rng),
        )
    raise BenchError(f"Unknown scenario: {name}")


def _load(
    args: argparse.Namespace, url: str, relations: Relations, log_path: Path
) -> tuple[list[ScenarioResult], str, str]:
    rng = random.Random(args.seed)
    per_scenario = args.warmup + args.requests
    log("sampling patients of the unit and patients outside it")
    district = bench_db.sample_district(url, relations.unit_id, per_scenario, args.seed)
    outside = bench_db.sample_outside(url, relations.unit_id, per_scenario, args.seed)
    if not district or not outside:
        raise BenchError("No patients to sample from (inside or outside the unit).")
    log(f"  {len(district):,} patients of the unit, {len(outside):,} outside it")
    wanted = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in SCENARIOS]
    if unknown:
        raise BenchError(f"Unknown scenario(s): {', '.join(unknown)}")
    plans = {name: _scenario_plan(name, district, outside, per_scenario, rng) for name in wanted}
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
            description, expect, check, paths = plans[name]
            log(f"scenario {name}: {description} ({len(paths)} requests)")
            result = bench_load.run_scenario(
                name=name,
                description=description,
                paths=paths,
                expect=expect,
                check=check,
                clients=clients,
                token=token,
                warmup=args.warmup,
                time_limit=args.time_limit,
            )
            log(
                f"  {result.requests} requests, {result.errors} errors, {result.hits} hits, "
                f"{result.empty} empty, {result.throughput:.1f} req/s, "
                f"p50 {result.percentile(50):.1f} ms, p95 {result.percentile(95):.1f} ms, "
                f"p99 {result.percentile(99):.1f} ms"
            )
            results.append(result)
        for client in clients:
            client.close()
    finally:
        log("stopping gunicorn")
        bench_server.stop(server)
    if args.floor:
        results += _floor(args, url, plans, token, log_path)
    load_after = os.getloadavg()[0]
    load_note = f"1-min load average before/after the load: {load_before:.2f}/{load_after:.2f}"
    if load_before > 0.5:
        load_note += " (! the machine was not idle; other processes share the CPUs)"
    errors = sum(r.errors for r in results)
    if errors:
        log(f"gunicorn log tail:\n{server.log_tail()}")
    return results, server.description, load_note


FLOOR_SCENARIOS = ("identifikator", "detalj")


def _floor(
    args: argparse.Namespace,
    url: str,
    plans: dict[str, tuple[str, Expect, Check, list[str]]],
    token: str,
    log_path: Path,
) -> list[ScenarioResult]:
    """The same identifier searches and reads against the raw-SQL floor (bench_floor.py),
    same key, same gunicorn arrangement; the summary shows ours over the floor's."""
    results: list[ScenarioResult] = []
    wanted = [n for n in FLOOR_SCENARIOS if n in plans]
    if not wanted:
        return results
    log("starting the floor (bench_floor:app)")
    server = bench_server.start(
        url,
        workers=args.workers,
        threads=args.threads,
        log_path=log_path.with_name(log_path.stem + "-floor.log"),
        app="bench_floor:app",
        chdir=Path(__file__).resolve().parent,
    )
    try:
        bench_server.wait_ready(server)
        clients = [Client(bench_server.HOST, server.port) for _ in range(args.concurrency)]
        for name in wanted:
            description, expect, check, paths = plans[name]
            result = bench_load.run_scenario(
                name=f"floor_{name}",
                description=f"the raw-SQL floor: {description}",
                paths=paths,
                expect=expect,
                check=check,
                clients=clients,
                token=token,
                warmup=args.warmup,
                time_limit=args.time_limit,
            )
            log(
                f"  floor {name}: {result.throughput:.1f} req/s, "
                f"p50 {result.percentile(50):.1f} ms, p95 {result.percentile(95):.1f} ms"
            )
            results.append(result)
        for client in clients:
            client.close()
    finally:
        bench_server.stop(server)
    return results


def _audit(args: argparse.Namespace, url: str, relations: Relations) -> AuditOverhead:
    rows = bench_db.sample_district(url, relations.unit_id, args.audit_reads, args.seed + 2)
    if not rows:
        raise BenchError("No patients of the unit to read.")
    log(f"audit overhead: {len(rows)} patient reads x {len(VARIANTS)} variants (Django in-process)")
    audit = audit_measure(url, [r.id for r in rows])
    log(
        f"  p50 {audit.p(WITH_AUDIT, 50):.2f} ms with audit, "
        f"{audit.p(NO_AUDIT_ROW, 50):.2f} ms without the audit row: "
        f"ratio {audit.ratio(WITH_AUDIT, NO_AUDIT_ROW):.3f}"
    )
    return audit


def _overview(args: argparse.Namespace, url: str, relations: Relations) -> OverviewFigures:
    rows = bench_db.sample_district(url, relations.unit_id, args.overview_reads, args.seed + 3)
    if not rows:
        raise BenchError("No patients of the unit to read.")
    log(f"overview: {len(rows)} patient overviews in-process, counting SQL queries")
    figures = overview_measure(url, [r.id for r in rows])
    log(
        f"  p50 {figures.p(50):.1f} ms, p95 {figures.p(95):.1f} ms; queries per overview: "
        + ", ".join(str(q) for q in sorted(figures.query_counts))
    )
    return figures


def _explain(url: str, relations: Relations, seed: int) -> list[Explained]:
    rows = bench_db.sample_district(url, relations.unit_id, 50, seed)
    outside = bench_db.sample_outside(url, relations.unit_id, 1, seed)
    if not rows or not outside:
        raise BenchError("No patients to explain searches for.")
    common = bench_db.prefix_pick(url, rare=False)
    rare = bench_db.prefix_pick(url, rare=True)
    with_letter = next((r.etternavn for r in rows if r.etternavn[:1] in "ØÅÆ"), "Østby")
    first = rows[0]
    searches = [
        ("identifier", first.identifikator),
        ("identifier (not the unit's)", outside[0].identifikator),
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
    if args.dagsliste:
        return bench_dagsliste.main([])
    if args.legemidler:
        return bench_legemidler.main([])
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
        log(
            f"care relationships: {args.district_patients:,} for {bench_db.DEMO_USER}'s unit, "
            f"{args.other_relations:,} for the other units (only what is missing is added)"
        )
        relations = bench_db.relations_ensure(
            url, district=args.district_patients, others=args.other_relations, log=log
        )
        log(
            f"  {relations.unit_name}: {relations.district:,} active; other units: "
            f"{relations.others:,}; {relations.total:,} rows"
        )
        log(f"rich history for {args.rich_patients:,} patients (only what is missing is added)")
        history = bench_historikk.history_ensure(
            url, patients=args.rich_patients, unit_id=relations.unit_id, log=log
        )
        sample: GeneratorRun | None = None
        if args.measure_generator:
            sample = bench_db.measure_generator(base, args.measure_generator, log)
            log(_generator_line("generator sample", sample))
        log_path = Path(tempfile.gettempdir()) / "kommunejournal-bench-gunicorn.log"
        results: list[ScenarioResult] = []
        description = load_note = ""
        if not args.skip_load:
            results, description, load_note = _load(args, url, relations, log_path)
        vft = None
        if args.vft_events and not args.skip_load:
            vft = bench_vft.run(
                url, events=args.vft_events, deliveries=args.vft_deliveries, log=log
            )
        if args.faktura:  # own database; figures printed here (bench_faktura.py)
            log("\n".join(bench_faktura.summary(bench_faktura.run(base, patients=args.faktura))))
        audit = _audit(args, url, relations) if args.audit_reads else None
        overview = _overview(args, url, relations) if args.overview_reads else None
        explained = _explain(url, relations, args.seed + 1)
        text = _summary(
            args=args,
            started_at=started_at,
            population=population,
            relations=relations,
            generator_sample=sample,
            server_description=description,
            load_note=load_note,
            pg_version=bench_db.server_version(url),
            pg_settings=bench_db.server_settings(url),
            results=results,
            audit=audit,
            history=history,
            overview=overview,
            explained=explained,
            elapsed=time.monotonic() - started,
            vft=vft,
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
    failed = sum(r.errors + r.timed_out + r.unexpected for r in results)
    if vft is not None:
        failed += vft.errors + (vft.published - vft.delivered)
    if audit is not None and audit.audit_rows != audit.patients:
        failed += 1
    if overview is not None and len(overview.query_counts) > 1:
        failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
