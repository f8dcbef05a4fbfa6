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
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_db
from bench_explain import django_setup

if TYPE_CHECKING:
    from core.models import Ansatt, Enhet

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


def measure_optimiser(enhet: Enhet, runs: int) -> list[float]:
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
    times = []
    for i in range(runs):
        begun = time.perf_counter()
        ruter = rute.optimise(stopp, skift)
        times.append(time.perf_counter() - begun)
        if i == 0:
            reise = rute.Reisetider()
            late = sum(rute.evaluate(r.skift, r.stopp, reise).forsinkelse for r in ruter)
            travel = sum(rute.evaluate(r.skift, r.stopp, reise).reisetid for r in ruter)
            log(
                f"  routes: {[len(r.stopp) for r in ruter]}; travel {travel:.0f} min, "
                f"late {late:.0f} min in total"
            )
    return times


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
    p.add_argument("--runs", type=int, default=7, help="optimiser runs")
    p.add_argument("--requests", type=int, default=30, help="measured day-list API requests")
    args = p.parse_args(argv)
    base = os.environ.get("DATABASE_URL")
    if not base:
        print("DATABASE_URL must be set.", file=sys.stderr)
        return 2
    url = bench_db.database_url(base, DB)
    log(f"database {DB}: {'created' if bench_db.database_create(url) else 'exists'}; migrate")
    bench_db.manage(url, "migrate", "--no-input", timeout=bench_db.MIGRATE_TIMEOUT)
    django_setup(url)
    from core.context import system_context

    with system_context():
        log(f"district with {VISITS} visits and {STAFF} staff on shift")
        enhet, nurse = build_district()
    log(f"optimiser: {args.runs} runs")
    opt = measure_optimiser(enhet, args.runs)
    log(f"day-list API: {args.requests} requests")
    api, queries, visits = measure_api(nurse, args.requests)
    text = (
        f"Day list, {visits} visits, {STAFF} staff on shift (benchmarks/bench_dagsliste.py)\n"
        f"  route optimiser alone: p50 {statistics.median(opt):.2f} s, "
        f"p95 {_percentile(opt, 95):.2f} s ({len(opt)} runs)\n"
        f"  GET /api/v1/hjemmetjeneste/dagsliste/: p50 {statistics.median(api) * 1000:.0f} ms, "
        f"p95 {_percentile(api, 95) * 1000:.0f} ms ({len(api)} requests, in-process), "
        f"{queries} SQL queries\n"
    )
    print("\n" + text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
