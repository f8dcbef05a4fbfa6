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
# BENCH_DB (or KJ_BENCH_DB) names another database (parallel checkouts on one server).
BENCH_DB = os.environ.get("BENCH_DB") or os.environ.get("KJ_BENCH_DB", "kommunejournal_bench")
GENERATOR_DB = "kommunejournal_bench_gen"
MAINTENANCE_DB = "postgres"
DEMO_USER = "sykepleier"
DEMO_PASSWORD = "demo"  # noqa: S105 - the published demo password, bench database only

MIGRATE_TIMEOUT = 900.0
GENERATE_TIMEOUT = 3 * 3600.0

DISTRICT_PATIENTS = 2_000  # active care relationships of the demo user's unit
OTHER_RELATIONS = 200_000  # spread over the other care units of the demo municipalities

_GENERATED = re.compile(r"Generert (\d+) pasienter på ([0-9.]+) s")


class BenchError(RuntimeError):
    """Something the benchmark cannot continue after; the message says what."""


@dataclass(frozen=True)
class GeneratorRun:
    """One run of `manage.py demo_journal --patients N` (bulk_generate)."""

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
    setup_seconds: float  # migrate + demo_journal (without the bulk part)


@dataclass(frozen=True)
class Relations:
    """The care relationships (Behandlingsrelasjon) the access model needs, after ensuring."""

    unit_id: str  # the demo user's unit ("the district")
    unit_name: str
    district: int  # active relationships of the district
    district_added: int  # inserted by this run
    others: int  # active relationships of the other care units
    others_added: int
    other_units: int
    total: int  # rows in journal_behandlingsrelasjon (any unit, any period)
    seconds: float


@dataclass(frozen=True)
class SampleRow:
    id: str
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
    """`manage.py demo_journal --patients count`, with the generator's own timing parsed."""
    started = time.monotonic()
    output = manage(url, "demo_journal", "--patients", str(count), timeout=GENERATE_TIMEOUT)
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
        log("demo_journal (demo municipality, staff and 500 patients)")
        manage(url, "demo_journal", timeout=MIGRATE_TIMEOUT)
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


_RELATION_INSERT = """
INSERT INTO journal_behandlingsrelasjon
    (id, created_at, updated_at, grunnlag, begrunnelse, gyldig_fra, gyldig_til,
     ansvarlig_id, avsluttet_av_id, enhet_id, opprettet_av_id, pasient_id)
SELECT gen_random_uuid(), now(), now(), 'vedtak', '',
       now() - make_interval(days => 1 + (abs(hashtext(p.id::text)::bigint) %% 1500)::int),
       NULL,
       NULL, NULL, %(unit)s, NULL, p.id
FROM journal_pasient p
WHERE NOT EXISTS (
    SELECT 1 FROM journal_behandlingsrelasjon r
    WHERE r.pasient_id = p.id AND r.enhet_id = %(unit)s
      AND (r.gyldig_til IS NULL OR r.gyldig_til > now())
)
ORDER BY coalesce({preferred}, false) DESC, md5(p.id::text || %(unit)s::text)
LIMIT %(missing)s
"""

# Who a unit of each type typically helps; the rest of the municipality comes after them.
_ALIVE = "p.dodsdato IS NULL"
_ELDERLY = "p.dodsdato IS NULL AND p.fodselsdato <= current_date - interval '67 years'"
_PREFERRED = {
    "hjemmetjeneste_sone": _ELDERLY,
    "sykehjemsavdeling": _ELDERLY,
    "helsestasjon": "p.fodselsdato > current_date - interval '18 years'",
}


def _active_relations(conn: psycopg.Connection[tuple[Any, ...]], unit_id: Any) -> int:
    row = conn.execute(
        "SELECT count(*) FROM journal_behandlingsrelasjon WHERE enhet_id = %s "
        "AND gyldig_fra <= now() AND (gyldig_til IS NULL OR gyldig_til > now())",
        [unit_id],
    ).fetchone()
    return int(row[0]) if row else 0


def _relations_top_up(
    conn: psycopg.Connection[tuple[Any, ...]],
    unit: tuple[Any, str, str, Any],
    wanted: int,
) -> int:
    """Give `unit` (id, name, type, kommune id) `wanted` active relationships; rows added."""
    unit_id, _name, type_, kommune_id = unit
    missing = wanted - _active_relations(conn, unit_id)
    if missing <= 0:
        return 0
    preferred = f"(p.kommune_id = %(kommune)s AND {_PREFERRED.get(type_, _ALIVE)})"
    cursor = conn.execute(
        sql.SQL(_RELATION_INSERT).format(preferred=sql.SQL(preferred)),
        {"unit": unit_id, "kommune": kommune_id, "missing": missing},
    )
    return max(0, cursor.rowcount)


def relations_ensure(url: str, *, district: int, others: int, log: Any) -> Relations:
    """Active care relationships, so the demo user finds a realistic share of the patients.

    The demo user's unit (the district) gets `district` relationships, elderly people in
    its municipality first; `others` more are spread evenly over the other care units (the
    units without sub-units), each with the people it typically helps first. Idempotent:
    only what is missing is inserted, with one INSERT ... SELECT per unit.
    """
    started = time.monotonic()
    with _connect(url, autocommit=True) as conn:
        units = conn.execute(
            "SELECT e.id, e.navn, e.type, v.kommune_id FROM core_enhet e "
            "JOIN core_virksomhet v ON v.id = e.virksomhet_id "
            "WHERE e.aktiv AND NOT EXISTS (SELECT 1 FROM core_enhet c WHERE c.forelder_id = e.id) "
            "ORDER BY e.navn"
        ).fetchall()
        mine = conn.execute(
            "SELECT DISTINCT t.enhet_id FROM core_tilknytning t "
            "JOIN core_ansatt a ON a.id = t.ansatt_id WHERE a.username = %s",
            [DEMO_USER],
        ).fetchall()
        if len(mine) != 1:
            raise BenchError(f"{DEMO_USER} should have exactly one unit, has {len(mine)}.")
        home = next((u for u in units if u[0] == mine[0][0]), None)
        if home is None:
            raise BenchError(f"{DEMO_USER}'s unit is not an active care unit without sub-units.")
        rest = [u for u in units if u[0] != home[0]]
        district_added = _relations_top_up(conn, home, district)
        if district_added:
            log(f"  {home[1]}: {district_added:,} relationships added")
        others_added = 0
        for index, unit in enumerate(rest):
            share = others // len(rest) + (index < others % len(rest))
            added = _relations_top_up(conn, unit, share)
            others_added += added
            if added:
                log(f"  {unit[1]}: {added:,} relationships added")
        if district_added or others_added:
            conn.execute("VACUUM (ANALYZE) journal_behandlingsrelasjon")
        else:
            conn.execute("ANALYZE journal_behandlingsrelasjon")
        district_now = _active_relations(conn, home[0])
        others_now = sum(_active_relations(conn, u[0]) for u in rest)
        row = conn.execute("SELECT count(*) FROM journal_behandlingsrelasjon").fetchone()
    return Relations(
        unit_id=str(home[0]),
        unit_name=str(home[1]),
        district=district_now,
        district_added=district_added,
        others=others_now,
        others_added=others_added,
        other_units=len(rest),
        total=int(row[0]) if row else 0,
        seconds=round(time.monotonic() - started, 1),
    )


def measure_generator(base_url: str, count: int, log: Any) -> GeneratorRun:
    """Generate `count` patients into a throwaway database, then drop it."""
    url = database_url(base_url, GENERATOR_DB)
    database_create(url, drop_first=True)
    try:
        log(f"throwaway database {GENERATOR_DB}: migrate + demo_journal")
        manage(url, "migrate", "--no-input", timeout=MIGRATE_TIMEOUT)
        manage(url, "demo_journal", timeout=MIGRATE_TIMEOUT)
        log(f"throwaway database {GENERATOR_DB}: generating {count:,} patients")
        return generate(url, count)
    finally:
        database_drop(url)


_SAMPLE_COLUMNS = "p.id::text, p.identifikator, p.fornavn, p.etternavn, p.fodselsdato"

# The same rule as journal.models *.active(): a relationship or a grant valid now.
_RELATED = """(
    EXISTS (SELECT 1 FROM journal_behandlingsrelasjon r
            WHERE r.pasient_id = p.id AND r.enhet_id = %(unit)s
              AND r.gyldig_fra <= now() AND (r.gyldig_til IS NULL OR r.gyldig_til > now()))
    OR EXISTS (SELECT 1 FROM journal_utvidettilgang g
               WHERE g.pasient_id = p.id AND g.enhet_id = %(unit)s
                 AND g.ansatt_id = (SELECT id FROM core_ansatt WHERE username = %(user)s)
                 AND g.gyldig_fra <= now() AND g.gyldig_til > now())
)"""


def _rows(result: list[tuple[Any, ...]]) -> list[SampleRow]:
    return [SampleRow(str(r[0]), str(r[1]), str(r[2]), str(r[3]), r[4]) for r in result]


def sample_district(url: str, unit_id: str, count: int, seed: int) -> list[SampleRow]:
    """Up to `count` patients the demo user's unit may see now, in a repeatable random order."""
    with _connect(url) as conn:
        rows = conn.execute(
            f"SELECT {_SAMPLE_COLUMNS} FROM journal_pasient p WHERE {_RELATED} "  # noqa: S608
            "ORDER BY md5(p.id::text || %(seed)s), p.id LIMIT %(count)s",
            {"unit": unit_id, "user": DEMO_USER, "seed": str(seed), "count": count},
        ).fetchall()
    return _rows(rows)


def sample_outside(url: str, unit_id: str, count: int, seed: int) -> list[SampleRow]:
    """Up to `count` random patients the demo user's unit may NOT see (no relationship)."""
    with _connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM journal_pasient").fetchone()
        total = max(1, int(row[0]) if row else 1)
        percent = min(100.0, 100.0 * count * 2.0 / total)
        rows = conn.execute(
            f"SELECT {_SAMPLE_COLUMNS} FROM journal_pasient p "  # noqa: S608 - constant text
            "TABLESAMPLE BERNOULLI (%(percent)s) REPEATABLE (%(seed)s) "
            f"WHERE NOT {_RELATED} LIMIT %(count)s",
            {"unit": unit_id, "user": DEMO_USER, "percent": percent, "seed": seed, "count": count},
        ).fetchall()
    return _rows(rows)


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
