"""Home-care day list benchmark: a district with 300 visits in one day.

Measures (1) the route optimiser alone (tjenester/hjemmetjeneste/lib/rute.py: 300 visits split
among the staff on shift and routed), p50/p95 over several runs, and (2) the day-list API
(`GET /api/v1/hjemmetjeneste/dagsliste/`) in-process through Django's test client, p50/p95
latency and its SQL query count.

Runs on its own (`python benchmarks/bench_dagsliste.py`, DATABASE_URL and REDIS_URL set) or
from `benchmarks/run.py --dagsliste`. Uses its own database on the same server
(kommunejournal_bench_dagsliste); the district is built once and reused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_db
from bench_explain import django_setup

if TYPE_CHECKING:
    from core.models import Ansatt, Enhet
    from tjenester.hjemmetjeneste.lib import rute

DB = "kommunejournal_bench_dagsliste"
DISTRICT = "Benchmark sone (dagsliste)"
VISITS = 300
STAFF = 14
DATO = dt.date(2030, 1, 7)  # a fixed Monday, so the data is reused between runs
CENTRE = (60.1905, 11.9977)
SLOTS = [(7, 30), (8, 0), (8, 30), (9, 0), (11, 0), (13, 0), (15, 30), (17, 0), (19, 0), (21, 0)]


def log(message: str) -> None:
    print(f"[dagsliste {dt.datetime.now(dt.UTC):%H:%M:%S}Z] {message}", flush=True)


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def build_district() -> tuple[Enhet, Ansatt]:
    """The district, its staff on shift and 300 visits with tasks and address points."""
    from django.db import transaction

    from core.models import (
        Ansatt,
        Enhet,
        EnhetType,
        Kommune,
        Rolle,
        Tilknytning,
        Vakt,
        Virksomhet,
    )
    from core.roller import roller_seed
    from journal.demo import synthetic_fnr
    from journal.models import Behandlingsrelasjon, Pasient, RelasjonGrunnlag
    from tjenester.hjemmetjeneste.models import Adressepunkt, Besoek, Besoeksoppgave

    rng = random.Random(300)
    with transaction.atomic():
        roller_seed()
        kommune, _ = Kommune.objects.get_or_create(nummer="3401", defaults={"navn": "Kongsvinger"})
        virksomhet = Virksomhet.objects.filter(kommune=kommune).first()
        if virksomhet is None:
            virksomhet = Virksomhet.objects.create(
                kommune=kommune, navn="Bench helse", organisasjonsnummer="974782800"
            )
        enhet, _ = Enhet.objects.get_or_create(
            virksomhet=virksomhet, navn=DISTRICT, defaults={"type": EnhetType.HJEMMETJENESTE_SONE}
        )
        rolle = Rolle.objects.get(kode="sykepleier")
        staff = []
        for i in range(STAFF):
            ansatt, created = Ansatt.objects.get_or_create(
                username=f"bench-hjt-{i:02d}",
                defaults={"first_name": "Bench", "last_name": f"Sykepleier {i:02d}"},
            )
            if created:
                Tilknytning.objects.create(
                    ansatt=ansatt, enhet=enhet, rolle=rolle, gyldig_fra=dt.date(2024, 1, 1)
                )
            Vakt.objects.get_or_create(
                ansatt=ansatt,
                enhet=enhet,
                dato=DATO,
                defaults={"fra_tid": dt.time(7), "til_tid": dt.time(22)},
            )
            staff.append(ansatt)
        if Besoek.objects.filter(enhet=enhet, dato=DATO).count() < VISITS:
            Besoek.objects.filter(enhet=enhet, dato=DATO).delete()
            used = set(Pasient.objects.values_list("identifikator", flat=True))
            for i in range(VISITS):
                born = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randint(0, 9000))
                pasient = Pasient.objects.create(
                    identifikator=synthetic_fnr(rng, born, used) or "",  # Tenor: month + 80
                    identifikator_type="FNR",
                    fornavn="Bench",
                    etternavn=f"Pasient {i:03d}",
                    fodselsdato=born,
                )
                Behandlingsrelasjon.objects.create(
                    pasient=pasient, enhet=enhet, grunnlag=RelasjonGrunnlag.VEDTAK
                )
                Adressepunkt.objects.create(
                    pasient=pasient,
                    enhet=enhet,
                    adresse=f"Benchveien {i}",
                    lat=CENTRE[0] + rng.uniform(-0.05, 0.05),
                    lon=CENTRE[1] + rng.uniform(-0.12, 0.12),
                    nokkelinfo="Nøkkelboks",
                )
                hour, minute = rng.choice(SLOTS)
                start = dt.time(hour, minute)
                besok = Besoek.objects.create(
                    pasient=pasient,
                    enhet=enhet,
                    dato=DATO,
                    fra_tid=start,
                    til_tid=dt.time(hour + 1, minute),
                    varighet_min=rng.choice([10, 15, 20, 25, 30]),
                )
                Besoeksoppgave.objects.bulk_create(
                    Besoeksoppgave(besok=besok, tekst=f"Oppgave {k}") for k in range(3)
                )
    return enhet, staff[0]


@dataclass(frozen=True)
class SolverFigures:
    name: str
    times: list[float]
    travel_min: float
    late_min: float
    violations: int  # visits started after their window (and days past the shift's end)
    routes: list[int]


def _quality(ruter: list[rute.Rute]) -> tuple[float, float, int]:
    from tjenester.hjemmetjeneste.lib import rute

    reise = rute.Reisetider()
    travel = late = 0.0
    violations = 0
    for r in ruter:
        evaluering = rute.evaluate(r.skift, r.stopp, reise)
        travel += evaluering.reisetid
        late += evaluering.forsinkelse
        violations += sum(1 for p in evaluering.plan if p.forsinkelse > 0)
        violations += 1 if r.stopp and evaluering.slutt > r.skift.slutt else 0
    return travel, late, violations


def measure_optimiser(enhet: Enhet, runs: int, lokalsok_runs: int) -> list[SolverFigures]:
    from core.models import Vakt
    from tjenester.hjemmetjeneste.lib import rute
    from tjenester.hjemmetjeneste.models import Besoek
    from tjenester.hjemmetjeneste.selectors import besoek_stopp
    from tjenester.hjemmetjeneste.services.dagsliste import _depot, _punkter

    besok = list(Besoek.objects.filter(enhet=enhet, dato=DATO).order_by("fra_tid", "id"))
    punkter = _punkter(besok)
    depot = _depot(punkter.values())
    stopp = besoek_stopp(besok, punkter)
    skift = [
        rute.Ansattskift(str(v.ansatt_id), v.fra_tid.hour * 60, v.til_tid.hour * 60, depot)
        for v in Vakt.objects.filter(enhet=enhet, dato=DATO)
    ]
    figures = []
    solvers = (
        ("OR-Tools routing (rute.optimise)", rute.optimise, runs),
        (
            "hand-written local search (rute.optimise_lokalsok)",
            rute.optimise_lokalsok,
            lokalsok_runs,
        ),
    )
    rute.optimise(stopp[:20], skift[:2])  # warm-up: the first call loads OR-Tools
    for name, solve, count in solvers:
        times = []
        quality: tuple[float, float, int] = (0.0, 0.0, 0)
        routes: list[int] = []
        for i in range(count):
            begun = time.perf_counter()
            ruter = solve(stopp, skift)
            times.append(time.perf_counter() - begun)
            if i == 0:
                quality = _quality(ruter)
                routes = [len(r.stopp) for r in ruter]
                log(
                    f"  {name}: routes {routes}; travel {quality[0]:.0f} min, "
                    f"late {quality[1]:.0f} min, {quality[2]} window violations"
                )
        if times:
            figures.append(SolverFigures(name, times, *quality, routes))
    return figures


def measure_api(nurse: Ansatt, requests: int) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test.utils import setup_test_environment
    from rest_framework.test import APIClient

    setup_test_environment()
    client = APIClient()
    client.force_authenticate(user=nurse)
    url = f"/api/v1/hjemmetjeneste/dagsliste/?dato={DATO.isoformat()}"
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"day list API answered {response.status_code}: {response.content!r}")
    visits = response.json()["antall"]
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
    return times, len(counted), visits


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--runs", type=int, default=20, help="optimiser runs (OR-Tools)")
    p.add_argument(
        "--lokalsok-runs", type=int, default=3, help="runs of the hand-written local search"
    )
    p.add_argument("--database", default=DB)
    p.add_argument("--requests", type=int, default=30, help="measured day-list API requests")
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
    from core.context import system_context

    with system_context():
        log(f"district with {VISITS} visits and {STAFF} staff on shift")
        enhet, nurse = build_district()
    # Statistics, as autovacuum would keep them (the embedded server runs without it): with
    # none, the planner loops over the relationships once per task row (about 100 ms).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"optimiser: {args.runs} runs")
    opt = measure_optimiser(enhet, args.runs, args.lokalsok_runs)
    log(f"day-list API: {args.requests} requests")
    api, queries, visits = measure_api(nurse, args.requests)
    text = (
        f"Day list, {visits} visits, {STAFF} staff on shift (benchmarks/bench_dagsliste.py)\n"
        "  route optimiser alone, 300 visits split among the staff and routed:\n"
        + "".join(
            f"  {f.name}: p50 {statistics.median(f.times) * 1000:.0f} ms, "
            f"p95 {_percentile(f.times, 95) * 1000:.0f} ms ({len(f.times)} runs); "
            f"travel {f.travel_min:.0f} min in total, {f.violations} window violations "
            f"({f.late_min:.0f} min late in total); visits per person {f.routes}\n"
            for f in opt
        )
        + f"  GET /api/v1/hjemmetjeneste/dagsliste/: p50 {statistics.median(api) * 1000:.0f} ms, "
        f"p95 {_percentile(api, 95) * 1000:.0f} ms ({len(api)} requests, in-process), "
        f"{queries} SQL queries\n"
    )
    print("\n" + text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
