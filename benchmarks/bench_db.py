"""The benchmark database: a separate database on the dev server, filled to N patients.

Nothing here touches the dev database named in DATABASE_URL; every write goes to
`kommunejournal_bench` (or the throwaway `kommunejournal_bench_gen`) on the same server.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "kommunejournal_bench"
GENERATOR_DB = "kommunejournal_bench_gen"
MAINTENANCE_DB = "postgres"
DEMO_USER = "sykepleier"
DEMO_PASSWORD = "demo"  # noqa: S105 - the published demo password, bench database only

MIGRATE_TIMEOUT = 900.0
GENERATE_TIMEOUT = 3 * 3600.0

_GENERATED = re.compile(r"Generert (\d+) pasienter på ([0-9.]+) s")


class BenchError(RuntimeError):
    """Something the benchmark cannot continue after; the message says what."""


@dataclass(frozen=True)
class GeneratorRun:
    """One run of `manage.py demo_data --patients N` (bulk_generate)."""

    inserted: int
    seconds: float  # bulk_generate's own figure (COPY + INSERT ... SELECT)
    wall_seconds: float  # the whole subprocess, Django start-up and demo_build included
    at: str  # ISO timestamp

    @property
    def rows_per_second(self) -> float:
        return self.inserted / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Population:
    patients_before: int
    patients: int
    generated: GeneratorRun | None  # generated in this run
    last_generated: GeneratorRun | None  # recorded by an earlier run (database comment)
    setup_seconds: float  # migrate + demo_data (without the bulk part)


@dataclass(frozen=True)
class SampleRow:
    identifikator: str
    fornavn: str
    etternavn: str
    fodselsdato: dt.date


def database_url(url: str, name: str) -> str:
    """The same server, user and options as `url`, with another database name."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise BenchError("DATABASE_URL must be a postgres:// URL.")
    return urlunsplit(parts._replace(path="/" + name))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _connect(url: str, *, autocommit: bool = False) -> psycopg.Connection[tuple[Any, ...]]:
    return psycopg.connect(url, autocommit=autocommit, connect_timeout=10)


def database_create(url: str, *, drop_first: bool = False) -> bool:
    """Create the database named in `url` if it is missing; True when it was created."""
    name = database_name(url)
    with _connect(database_url(url, MAINTENANCE_DB), autocommit=True) as conn:
        if drop_first:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def database_drop(url: str) -> None:
    name = database_name(url)
    with _connect(database_url(url, MAINTENANCE_DB), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def django_env(url: str) -> dict[str, str]:
    """Environment for manage.py and gunicorn against the database in `url`."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DJANGO_DEBUG": "False",
            "DJANGO_SECRET_KEY": env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOW_SYNTHETIC_IDENTITIES": "True",
            "DEMO_DATA_ALLOWED": "True",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def manage(url: str, *args: str, timeout: float) -> str:
    """Run `manage.py args` against `url`; returns stdout, raises BenchError on failure."""
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    try:
        done = subprocess.run(
            command,
            cwd=ROOT,
            env=django_env(url),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"manage.py {' '.join(args)} took more than {timeout:.0f} s") from exc
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
        raise BenchError(f"manage.py {' '.join(args)} failed ({done.returncode}):\n{tail}")
    return done.stdout


def _table_exists(conn: psycopg.Connection[tuple[Any, ...]], table: str) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", [table]).fetchone()
    return bool(row and row[0])


def patient_count(url: str) -> int:
    with _connect(url) as conn:
        if not _table_exists(conn, "journal_pasient"):
            return 0
        row = conn.execute("SELECT count(*) FROM journal_pasient").fetchone()
        return int(row[0]) if row else 0


def demo_user_exists(url: str) -> bool:
    with _connect(url) as conn:
        if not _table_exists(conn, "core_ansatt"):
            return False
        row = conn.execute("SELECT 1 FROM core_ansatt WHERE username = %s", [DEMO_USER]).fetchone()
        return row is not None


def generate(url: str, count: int) -> GeneratorRun:
    """`manage.py demo_data --patients count`, with the generator's own timing parsed."""
    started = time.monotonic()
    output = manage(url, "demo_data", "--patients", str(count), timeout=GENERATE_TIMEOUT)
    wall = time.monotonic() - started
    match = _GENERATED.search(output)
    if match is None:
        raise BenchError(f"Could not read the generator's output:\n{output.strip()}")
    return GeneratorRun(
        inserted=int(match.group(1)),
        seconds=float(match.group(2)),
        wall_seconds=round(wall, 1),
        at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )


def _comment_read(url: str) -> GeneratorRun | None:
    with _connect(database_url(url, MAINTENANCE_DB)) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [database_name(url)],
        ).fetchone()
    if not row or not row[0]:
        return None
    try:
        data = json.loads(row[0])
        return GeneratorRun(**data["generator"])
    except (ValueError, KeyError, TypeError):
        return None


def _comment_write(url: str, run: GeneratorRun) -> None:
    text = json.dumps({"generator": asdict(run)})
    with _connect(database_url(url, MAINTENANCE_DB), autocommit=True) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(database_name(url)), sql.Literal(text)
            )
        )


def _analyze(url: str, *, vacuum: bool) -> None:
    with _connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) journal_pasient" if vacuum else "ANALYZE journal_pasient")


def populate(url: str, target: int, log: Any) -> Population:
    """Migrate, build the demo municipality, and top up to `target` patients (once)."""
    started = time.monotonic()
    log("migrate")
    manage(url, "migrate", "--no-input", timeout=MIGRATE_TIMEOUT)
    before = patient_count(url)
    if before == 0 or not demo_user_exists(url):
        log("demo_data (demo municipality, staff and 500 patients)")
        manage(url, "demo_data", timeout=MIGRATE_TIMEOUT)
    setup = time.monotonic() - started
    current = patient_count(url)
    generated: GeneratorRun | None = None
    if current < target:
        missing = target - current
        log(f"generating {missing:,} patients (bulk COPY); this takes a few minutes")
        generated = generate(url, missing)
        _comment_write(url, generated)
        log("VACUUM ANALYZE journal_pasient")
        _analyze(url, vacuum=True)
    else:
        log(f"{current:,} patients already there; ANALYZE journal_pasient")
        _analyze(url, vacuum=False)
    return Population(
        patients_before=before,
        patients=patient_count(url),
        generated=generated,
        last_generated=None if generated else _comment_read(url),
        setup_seconds=round(setup, 1),
    )


def measure_generator(base_url: str, count: int, log: Any) -> GeneratorRun:
    """Generate `count` patients into a throwaway database, then drop it."""
    url = database_url(base_url, GENERATOR_DB)
    database_create(url, drop_first=True)
    try:
        log(f"throwaway database {GENERATOR_DB}: migrate + demo_data")
        manage(url, "migrate", "--no-input", timeout=MIGRATE_TIMEOUT)
        manage(url, "demo_data", timeout=MIGRATE_TIMEOUT)
        log(f"throwaway database {GENERATOR_DB}: generating {count:,} patients")
        return generate(url, count)
    finally:
        database_drop(url)


def sample_rows(url: str, count: int, seed: int) -> list[SampleRow]:
    """About `count` random real patients (weighted like the data, repeatable by seed)."""
    with _connect(url) as conn:
        # The exact count (not reltuples, which ANALYZE changes) keeps the sample repeatable.
        row = conn.execute("SELECT count(*) FROM journal_pasient").fetchone()
        total = max(1, int(row[0]) if row else 1)
        percent = min(100.0, 100.0 * count * 1.5 / total)
        rows = conn.execute(
            "SELECT identifikator, fornavn, etternavn, fodselsdato FROM journal_pasient "
            "TABLESAMPLE BERNOULLI (%s) REPEATABLE (%s) LIMIT %s",
            [percent, seed, count],
        ).fetchall()
    return [SampleRow(str(r[0]), str(r[1]), str(r[2]), r[3]) for r in rows]


def prefix_pick(url: str, *, rare: bool) -> str:
    """The most (or least) common 3-letter surname prefix, as stored (normalised)."""
    order = "ASC" if rare else "DESC"
    with _connect(url) as conn:
        row = conn.execute(
            sql.SQL(
                "SELECT left(sok_etternavn, 3) AS p FROM journal_pasient "
                "WHERE length(sok_etternavn) >= 3 GROUP BY p ORDER BY count(*) {}, p LIMIT 1"
            ).format(sql.SQL(order))
        ).fetchone()
    return str(row[0]) if row else "han"


def server_version(url: str) -> str:
    with _connect(url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


def server_settings(url: str) -> dict[str, str]:
    names = ["shared_buffers", "work_mem", "effective_cache_size", "fsync", "synchronous_commit"]
    with _connect(url) as conn:
        rows = conn.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(%s)", [names]
        ).fetchall()
    return {str(name): str(value) for name, value in rows}
