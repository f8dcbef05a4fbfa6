"""Invoicing: the monthly invoice run (integrasjoner/faktura) for a large kommune, its time
and the PEAK MEMORY of the process doing it, to show that it streams.

Two kommuner are generated in SQL (a small one with N/5 residents and a large one with N),
each resident with a nursing-home stay (60 % langtid, 30 % korttid, 10 % dagopphold; every
tenth with leave in the month) and an income basis. Each run is done in a fresh process
(ru_maxrss is per process), so the peak memory of the small and the large run compare
like for like: if the run streams, the large run's peak is about the small one's.

Part of `make bench` via `run.py --faktura N`; standalone:
    .venv/bin/python benchmarks/bench_faktura.py --patients 50000
Runs against its own database `kommunejournal_bench_faktura` (built with the migrations).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import bench_db  # noqa: E402
from bench_db import BenchError, database_url, django_env, manage  # noqa: E402

BENCH_DB = os.environ.get("BENCH_FAKTURA_DB", "kommunejournal_bench_faktura")
MONTH = "2025-06-01"


@dataclass(frozen=True)
class RunFigures:
    patients: int
    lines: int
    seconds: float
    peak_rss_mb: float  # ru_maxrss of the process after the run
    base_rss_mb: float  # ru_maxrss after Django setup, before the run
    sum_belop: str
    file_mb: float


@dataclass(frozen=True)
class FakturaResult:
    small: RunFigures
    large: RunFigures
    generate_seconds: float


def log(message: str) -> None:
    print(f"[bench faktura] {message}", flush=True)


def _generate(url: str, prefix: str, kommunenummer: str, count: int, offset: int) -> None:
    """One kommune with a ward, one bed, `count` residents with stays, leave and income."""
    import psycopg

    with psycopg.connect(url, autocommit=False) as conn:
        exists = conn.execute(
            "SELECT 1 FROM core_kommune WHERE nummer = %s", [kommunenummer]
        ).fetchone()
        if exists:
            return
        conn.execute(
            """
            WITH k AS (
              INSERT INTO core_kommune (id, created_at, updated_at, nummer, navn)
              VALUES (gen_random_uuid(), now(), now(), %(nr)s, %(navn)s) RETURNING id
            ), v AS (
              INSERT INTO core_virksomhet (id, created_at, updated_at, kommune_id, navn,
                                           organisasjonsnummer)
              SELECT gen_random_uuid(), now(), now(), k.id, %(navn)s, %(orgnr)s FROM k
              RETURNING id
            ), e AS (
              INSERT INTO core_enhet (id, created_at, updated_at, virksomhet_id, navn, type,
                                      organisasjonsnummer, aktiv)
              SELECT gen_random_uuid(), now(), now(), v.id, %(navn)s || ' sykehjem',
                     'sykehjemsavdeling', '', true FROM v RETURNING id
            ), r AS (
              INSERT INTO sykehjem_rom (id, created_at, updated_at, enhet_id, navn, aktiv)
              SELECT gen_random_uuid(), now(), now(), e.id, 'R1', true FROM e RETURNING id, enhet_id
            )
            INSERT INTO sykehjem_seng (id, created_at, updated_at, rom_id, enhet_id, navn, type,
                                       aktiv)
            SELECT gen_random_uuid(), now(), now(), r.id, r.enhet_id, 'S1', 'langtid', true FROM r
            """,
            {"nr": kommunenummer, "navn": prefix, "orgnr": f"9{kommunenummer}0000"},
        )
        conn.execute(
            """
            CREATE TEMP TABLE ny ON COMMIT DROP AS
            SELECT gen_random_uuid() AS id, n FROM generate_series(%(o)s + 1, %(o)s + %(c)s) n
            """,
            {"o": offset, "c": count},
        )
        # Synthetic identities (month + 80), unique by the individual number.
        conn.execute(
            """
            INSERT INTO journal_pasient (id, created_at, updated_at, identifikator,
              identifikator_type, identifikator_utsteder, fornavn, mellomnavn, etternavn,
              sok_fornavn, sok_mellomnavn, sok_etternavn, fodselsdato, kjonn, adresse,
              postnummer, poststed, telefon, foretrukket_sprak, tolkebehov, malform, kommune_id)
            SELECT ny.id, now(), now(), '0181' || lpad((ny.n / 100000)::text, 2, '0')
                   || lpad((ny.n %% 100000)::text, 5, '0'),
                   'FNR', '', 'Beboer', '', %(prefix)s || ny.n, 'beboer', '',
                   lower(%(prefix)s) || ny.n, date '1940-01-01', 'ukjent', 'Gate ' || ny.n,
                   '3850', 'Kviteseid', '', '', false, 'NB',
                   (SELECT id FROM core_kommune WHERE nummer = %(nr)s)
            FROM ny
            """,
            {"prefix": prefix, "nr": kommunenummer},
        )
        conn.execute(
            """
            INSERT INTO sykehjem_opphold (id, created_at, updated_at, pasient_id, enhet_id, type,
              status, fra, til, seng_id, avslutningsarsak, merknad)
            SELECT gen_random_uuid(), now(), now(), ny.id, s.enhet_id,
                   CASE WHEN ny.n %% 10 < 6 THEN 'langtid' WHEN ny.n %% 10 < 9 THEN 'korttid'
                        ELSE 'dag' END,
                   'aktiv',
                   CASE WHEN ny.n %% 10 BETWEEN 6 AND 8 THEN date '2025-03-01'
                        ELSE date '2024-01-01' END,
                   NULL, s.id, '', ''
            FROM ny, (SELECT s.id, s.enhet_id FROM sykehjem_seng s
                      JOIN core_enhet e ON e.id = s.enhet_id
                      JOIN core_virksomhet v ON v.id = e.virksomhet_id
                      JOIN core_kommune k ON k.id = v.kommune_id WHERE k.nummer = %(nr)s) s
            """,
            {"nr": kommunenummer},
        )
        conn.execute(
            """
            INSERT INTO sykehjem_fravar (id, created_at, updated_at, pasient_id, enhet_id,
              opphold_id, type, fra, til, merknad)
            SELECT gen_random_uuid(), now(), now(), o.pasient_id, o.enhet_id, o.id,
                   CASE WHEN ny.n % 20 = 0 THEN 'sykehus' ELSE 'permisjon' END,
                   date '2025-06-10', date '2025-06-15', ''
            FROM ny JOIN sykehjem_opphold o ON o.pasient_id = ny.id WHERE ny.n % 10 = 0
            """
        )
        conn.execute(
            """
            INSERT INTO faktura_inntektsgrunnlag (id, created_at, updated_at, pasient_id, aar,
              husstandsinntekt, netto_inntekt, merknad)
            SELECT gen_random_uuid(), now(), now(), ny.id, 2025, 150000 + (ny.n % 50) * 10000,
                   120000 + (ny.n % 40) * 7000, ''
            FROM ny
            """
        )
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        for table in ("journal_pasient", "sykehjem_opphold", "sykehjem_fravar",
                      "faktura_inntektsgrunnlag"):  # fmt: skip
            conn.execute(f"ANALYZE {table}")


def measure(kommunenummer: str) -> dict[str, Any]:
    """In this (fresh) process: run the month for the kommune and report the figures."""
    import datetime as dt

    from bench_explain import django_setup

    django_setup(os.environ["DATABASE_URL"])
    from core.context import system_context
    from core.models import Kommune
    from integrasjoner.faktura.models import Fakturafil, Fakturakjoering, KjoeringStatus
    from integrasjoner.faktura.services import kjoering_run

    kommune = Kommune.objects.get(nummer=kommunenummer)
    maned = dt.date.fromisoformat(MONTH)
    Fakturakjoering.objects.filter(kommune=kommune, maned=maned).delete()
    kjoring = Fakturakjoering.objects.create(
        kommune=kommune, maned=maned, status=KjoeringStatus.KOET
    )
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with system_context():
        status = kjoering_run(kjoring_id=kjoring.pk)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kjoring.refresh_from_db()
    if status != KjoeringStatus.UTKAST:
        raise BenchError(f"the run ended as {status}: {kjoring.feil}")
    fil = Fakturafil.objects.only("storrelse").get(kjoring=kjoring)
    return {
        "patients": kjoring.antall_pasienter,
        "lines": kjoring.antall_linjer,
        "seconds": seconds,
        "peak_rss_mb": peak / 1024,
        "base_rss_mb": base / 1024,
        "sum_belop": str(kjoring.sum_belop),
        "file_mb": fil.storrelse / 1_000_000,
    }


def _measure_in_subprocess(url: str, kommunenummer: str) -> RunFigures:
    env = django_env(url)
    done = subprocess.run(
        [sys.executable, str(Path(__file__)), "--measure", kommunenummer],
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"invoice run failed:\n{done.stderr[-2000:]}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return RunFigures(**data)


def run(base_url: str, *, patients: int, log: Any = log) -> FakturaResult:
    url = database_url(base_url, BENCH_DB)
    created = bench_db.database_create(url)
    log(f"database {BENCH_DB} {'created' if created else 'exists'}; migrating")
    manage(url, "migrate", "--noinput", timeout=1800)
    small_n = max(1, patients // 5)
    started = time.perf_counter()
    log(f"generating {small_n:,} + {patients:,} residents with stays (only what is missing)")
    _generate(url, "Liten", f"7{patients % 1000:03d}"[:4], small_n, 0)
    _generate(url, "Stor", f"8{patients % 1000:03d}"[:4], patients, small_n)
    generated = time.perf_counter() - started
    log(f"run for {small_n:,} residents")
    small = _measure_in_subprocess(url, f"7{patients % 1000:03d}"[:4])
    log(f"run for {patients:,} residents")
    large = _measure_in_subprocess(url, f"8{patients % 1000:03d}"[:4])
    return FakturaResult(small=small, large=large, generate_seconds=generated)


def summary(result: FakturaResult) -> list[str]:
    lines = ["Invoice run (faktura), one month, in its own process:"]
    for label, r in (("small", result.small), ("large", result.large)):
        rate = r.patients / r.seconds if r.seconds else 0.0
        lines.append(
            f"  {label}: {r.patients:,} residents, {r.lines:,} lines in {r.seconds:.1f} s "
            f"({rate:,.0f}/s); peak RSS {r.peak_rss_mb:.0f} MB (after setup {r.base_rss_mb:.0f} MB,"
            f" growth {r.peak_rss_mb - r.base_rss_mb:.0f} MB); file {r.file_mb:.1f} MB; "
            f"sum {r.sum_belop} kr"
        )
    growth_small = result.small.peak_rss_mb - result.small.base_rss_mb
    growth_large = result.large.peak_rss_mb - result.large.base_rss_mb
    lines.append(
        f"  memory growth large/small: {growth_large:.0f} / {growth_small:.0f} MB for "
        f"{result.large.patients / max(1, result.small.patients):.0f}x the residents "
        "(lines and the CSV are streamed in batches: the peak should not grow with the residents)"
    )
    return lines


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--patients", type=int, default=50_000)
    p.add_argument("--measure", metavar="KOMMUNENUMMER", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    base = os.environ.get("DATABASE_URL")
    if not base:
        print("DATABASE_URL must be set.", file=sys.stderr)
        return 2
    try:
        result = run(base, patients=args.patients)
    except BenchError as exc:
        print(f"Benchmark failed: {exc}", file=sys.stderr)
        return 1
    print("\n".join(summary(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
