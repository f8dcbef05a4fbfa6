"""GP office benchmark: a GP's day view with 30 appointments.

Measures the day book page (`GET /legekontor/?ressurs=…&dato=…`) and its API
(`GET /api/v1/legekontor/ressurser/<id>/dag/?dato=…`) in-process through Django's test
client: p50/p95 latency and the SQL query count (fixed: the same for 5 or 30 appointments;
tests/tjenester/legekontor/test_ytelse.py guards it). Target (issue 19): p95 ≤ 100 ms.

Runs on its own (`python benchmarks/bench_legekontor.py`, DATABASE_URL and REDIS_URL set).
Uses its own database on the same server (kommunejournal_bench_legekontor); the office is
built once on a fixed date and reused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_db
from bench_explain import django_setup

if TYPE_CHECKING:
    from core.models import Ansatt
    from tjenester.legekontor.models import Ressurs

DB = "kommunejournal_bench_legekontor"
KONTOR = "Benchmark legesenter"
DATO = dt.date(2030, 1, 9)  # a fixed Wednesday, so the data is reused between runs
TIMER = 30
OSLO = ZoneInfo("Europe/Oslo")


def log(message: str) -> None:
    print(f"[legekontor {dt.datetime.now(dt.UTC):%H:%M:%S}Z] {message}", flush=True)


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def build_office() -> tuple[Ansatt, Ressurs]:
    """The office, its GP with a resource open 08–18 and 30 appointments on DATO."""
    from django.db import transaction

    from core.models import Ansatt, Enhet, EnhetType, Kommune, Rolle, Tilknytning, Virksomhet
    from core.roller import roller_seed
    from journal.models import Pasient
    from tjenester.legekontor.models import Ressurs, RessursType, Timeavtale, Timemal
    from tjenester.legekontor.services import time_book

    roller_seed()
    enhet = Enhet.objects.filter(navn=KONTOR).first()
    if enhet is not None:
        ressurs = Ressurs.objects.get(enhet=enhet)
        if ressurs.ansatt is None:
            raise SystemExit("the benchmark office's resource has no GP")
        return ressurs.ansatt, ressurs
    with transaction.atomic():
        kommune, _ = Kommune.objects.get_or_create(nummer="3401", defaults={"navn": "Bench"})
        virksomhet = Virksomhet.objects.create(
            kommune=kommune, navn="Bench", organisasjonsnummer="974760673"
        )
        enhet = Enhet.objects.create(virksomhet=virksomhet, navn=KONTOR, type=EnhetType.LEGEKONTOR)
        lege = Ansatt.objects.create_user(username="bench-lege")
        Tilknytning.objects.create(ansatt=lege, enhet=enhet, rolle=Rolle.objects.get(kode="lege"))
        ressurs = Ressurs.objects.create(
            enhet=enhet, navn="Dr. Bench", type=RessursType.LEGE, ansatt=lege
        )
        ressurs.refresh_from_db()
        Timemal.objects.create(
            ressurs=ressurs, ukedag=DATO.weekday(), fra=dt.time(8), til=dt.time(18), lengde_min=20
        )
        for i in range(TIMER):
            pasient = Pasient.objects.create(
                identifikator=f"{i:011d}",
                identifikator_type="FNR",
                fornavn="Bench",
                etternavn=f"Pasient {i}",
                fodselsdato=dt.date(1950, 1, 1) + dt.timedelta(days=300 * i),
            )
            time_book(
                actor=None,
                ressurs_id=ressurs.pk,
                pasient_id=pasient.pk,
                start=dt.datetime.combine(DATO, dt.time(8), tzinfo=OSLO)
                + dt.timedelta(minutes=20 * i),
                enhet_id=enhet.pk,
                tillat_fortid=True,
            )
        if Timeavtale.objects.filter(ressurs=ressurs).count() != TIMER:
            raise SystemExit("the benchmark day was not built")
    return lege, ressurs


def measure(client: Any, url: str, requests: int) -> tuple[list[float], int]:
    from django.db import connection

    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}: {response.content[:500]!r}")
    counted: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    times = []
    for _ in range(requests):
        begun = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - begun)
    return times, len(counted)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--database", default=DB)
    p.add_argument("--requests", type=int, default=50)
    args = p.parse_args(argv)
    base = os.environ.get("DATABASE_URL")
    if not base:
        print("DATABASE_URL must be set.", file=sys.stderr)
        return 2
    url = bench_db.database_url(base, args.database)
    created = bench_db.database_create(url)
    log(f"database {args.database}: {'created' if created else 'exists'}; migrate")
    bench_db.manage(url, "migrate", "--no-input", timeout=bench_db.MIGRATE_TIMEOUT)
    django_setup(url)
    from django.test import Client
    from django.test.utils import setup_test_environment
    from rest_framework.test import APIClient

    from core.context import system_context

    with system_context():
        lege, ressurs = build_office()
    setup_test_environment()
    side = Client()
    side.force_login(lege)
    api = APIClient()
    api.force_authenticate(user=lege)
    figures = []
    for name, client, path in (
        ("GET /legekontor/ (day page)", side, f"/legekontor/?ressurs={ressurs.pk}&dato={DATO}"),
        (
            "GET /api/v1/legekontor/ressurser/<id>/dag/",
            api,
            f"/api/v1/legekontor/ressurser/{ressurs.pk}/dag/?dato={DATO}",
        ),
    ):
        log(f"{name}: {args.requests} requests")
        times, queries = measure(client, path, args.requests)
        figures.append(
            f"  {name}: p50 {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {_percentile(times, 95) * 1000:.0f} ms ({len(times)} requests, in-process), "
            f"{queries} SQL queries\n"
        )
    text = f"GP day view, {TIMER} appointments (benchmarks/bench_legekontor.py)\n" + "".join(
        figures
    )
    print("\n" + text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
