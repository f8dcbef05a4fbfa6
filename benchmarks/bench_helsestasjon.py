"""Health-station worklist benchmark: one nurse with 2,000 enrolled children.

Builds (once) a health station with 2,000 children aged 0–16 enrolled with one nurse as
responsible, each with a believable history (most past consultations held and past vaccine
doses given, the rest left open so the worklist has overdue rows), then measures the
weekly worklist:

1. the selector `arbeidsliste_list` in-process (the nurse acting in the station), and
2. `GET /api/v1/helsestasjon/arbeidsliste/` in-process through DRF's test client,

p50/p95 over N runs, and the API's SQL query count. Target p95 ≤ 150 ms (issue 16).

Runs on its own (`python benchmarks/bench_helsestasjon.py`, DATABASE_URL and REDIS_URL
set). Uses its own database on the same server (kommunejournal_bench_helsestasjon); the
children are bulk-inserted (benchmark data, no audit rows) and reused between runs.
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
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_db
from bench_explain import django_setup

if TYPE_CHECKING:
    from core.models import Ansatt, Enhet

DB = "kommunejournal_bench_helsestasjon"
STATION = "Benchmark helsestasjon"
CHILDREN = 2000


def log(message: str) -> None:
    print(f"[helsestasjon {dt.datetime.now(dt.UTC):%H:%M:%S}Z] {message}", flush=True)


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def build_station(children: int) -> tuple[Enhet, Ansatt]:
    from django.db import transaction
    from django.utils import timezone

    from core.klokke import idag
    from core.models import Ansatt, Enhet, EnhetType, Kommune, Rolle, Tilknytning, Virksomhet
    from core.roller import roller_seed
    from journal.demo import synthetic_fnr
    from journal.models import Behandlingsrelasjon, Pasient, RelasjonGrunnlag
    from tjenester.helsestasjon.lib.program import due_date
    from tjenester.helsestasjon.models import Innskrivning, Konsultasjon, Vaksinasjon
    from tjenester.helsestasjon.seeds import program_load, vaksineprogram_load
    from tjenester.helsestasjon.selectors import (
        programpunkter_gjeldende,
        vaksinedoser_gjeldende,
    )
    from tjenester.helsestasjon.services import innskrivninger_status_recompute

    rng = random.Random(2000)
    today = idag()
    with transaction.atomic():
        roller_seed()
        program_load()
        vaksineprogram_load()
        kommune, _ = Kommune.objects.get_or_create(nummer="3401", defaults={"navn": "Kongsvinger"})
        virksomhet = Virksomhet.objects.filter(kommune=kommune).first()
        if virksomhet is None:
            virksomhet = Virksomhet.objects.create(
                kommune=kommune, navn="Bench helse", organisasjonsnummer="974782800"
            )
        enhet, _ = Enhet.objects.get_or_create(
            virksomhet=virksomhet, navn=STATION, defaults={"type": EnhetType.HELSESTASJON}
        )
        nurse, created = Ansatt.objects.get_or_create(
            username="bench-hsp", defaults={"first_name": "Bench", "last_name": "Helsesykepleier"}
        )
        if created:
            Tilknytning.objects.create(
                ansatt=nurse,
                enhet=enhet,
                rolle=Rolle.objects.get(kode="helsesykepleier"),
                gyldig_fra=dt.date(2020, 1, 1),
            )
        have = Innskrivning.objects.filter(enhet=enhet, til_dato__isnull=True).count()
        if have >= children:
            return enhet, nurse

        punkter = programpunkter_gjeldende(today)
        doser = vaksinedoser_gjeldende(today)
        used = set(Pasient.objects.values_list("identifikator", flat=True))
        for i in range(have, children):
            born = today - dt.timedelta(days=rng.randint(0, 16 * 365))
            pasient = Pasient.objects.create(
                identifikator=synthetic_fnr(rng, born, used) or "",  # Tenor: month + 80
                identifikator_type="FNR",
                fornavn="Bench",
                etternavn=f"Barn {i:04d}",
                fodselsdato=born,
                kjonn=rng.choice(["kvinne", "mann"]),
            )
            relasjon = Behandlingsrelasjon.objects.create(
                pasient=pasient, enhet=enhet, grunnlag=RelasjonGrunnlag.HELSESTASJON
            )
            Innskrivning.objects.create(
                pasient=pasient,
                enhet=enhet,
                grunn="fodsel",
                fra_dato=born,
                ansvarlig=nurse,
                relasjon=relasjon,
            )
            Konsultasjon.objects.bulk_create(
                Konsultasjon(
                    pasient=pasient,
                    enhet=enhet,
                    programpunkt=p,
                    dato=due_date(born, p.alder_enhet, p.alder_verdi),
                    status="utfort",
                    notat="Bench.",
                    utfoert_av=nurse,
                )
                for p in punkter
                if due_date(born, p.alder_enhet, p.alder_verdi) < today - dt.timedelta(days=14)
                and rng.random() < 0.85
            )
            Vaksinasjon.objects.bulk_create(
                Vaksinasjon(
                    pasient=pasient,
                    enhet=enhet,
                    vaksinedose=d,
                    vaksine=d.vaksine,
                    dose_nr=d.dose_nr,
                    status="gitt",
                    tidspunkt=timezone.make_aware(
                        dt.datetime.combine(
                            due_date(born, d.alder_enhet, d.alder_verdi), dt.time(10)
                        )
                    ),
                    preparat="Bench",
                    batch="B1",
                    sted="laar_v",
                    registrert_av=nurse,
                )
                for d in doser
                if due_date(born, d.alder_enhet, d.alder_verdi) < today - dt.timedelta(days=14)
                and rng.random() < 0.9
            )
        # bulk-inserted history: the stored status (what the services keep) in one pass
        innskrivninger_status_recompute(Innskrivning.objects.filter(enhet=enhet), day=today)
    return enhet, nurse


def analyze() -> None:
    """Fresh rows: give the planner statistics (as autovacuum would on a live database)."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in (
            "journal_pasient",
            "journal_behandlingsrelasjon",
            "helsestasjon_innskrivning",
            "helsestasjon_konsultasjon",
            "helsestasjon_vaksinasjon",
        ):
            cursor.execute(f"ANALYZE {table}")


def _context(nurse: Ansatt, enhet: Enhet) -> Any:
    from core.context import RequestContext
    from core.models import Tilknytning

    tilknytning = Tilknytning.objects.select_related("rolle").get(ansatt=nurse, enhet=enhet)
    return RequestContext(
        request_id="bench-helsestasjon",
        ip="127.0.0.1",
        kanal="api",
        enhet_id=enhet.pk,
        virksomhet_id=enhet.virksomhet_id,
        rolle_kode=tilknytning.rolle.kode,
        actions=frozenset(tilknytning.rolle.rettigheter.values_list("action", flat=True)),
    )


def measure_selector(nurse: Ansatt, enhet: Enhet, runs: int) -> tuple[list[float], int]:
    from core.context import request_context
    from tjenester.helsestasjon.selectors import arbeidsliste_list

    times: list[float] = []
    shown = 0
    with request_context(_context(nurse, enhet)):
        arbeidsliste_list(actor=nurse)  # warm-up
        for _ in range(runs):
            begun = time.perf_counter()
            liste = arbeidsliste_list(actor=nurse)
            times.append(time.perf_counter() - begun)
            shown = len(liste.side.items)
    return times, shown


def measure_api(nurse: Ansatt, requests: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import setup_test_environment
    from rest_framework.test import APIClient

    setup_test_environment()
    client = APIClient()
    client.force_authenticate(user=nurse)
    url = "/api/v1/helsestasjon/arbeidsliste/"
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"worklist API answered {response.status_code}: {response.content!r}")
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
    p.add_argument("--children", type=int, default=CHILDREN)
    p.add_argument("--runs", type=int, default=30)
    p.add_argument("--database", default=DB)
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
        log(f"station with {args.children} enrolled children")
        enhet, nurse = build_station(args.children)
    analyze()
    log(f"selector: {args.runs} runs")
    sel, shown = measure_selector(nurse, enhet, args.runs)
    log(f"API: {args.runs} requests")
    api, queries = measure_api(nurse, args.runs)
    text = (
        f"Health-station weekly worklist, {args.children} enrolled children of one nurse "
        f"(benchmarks/bench_helsestasjon.py); {shown} rows on the first page\n"
        f"  arbeidsliste_list (selector, in-process): p50 {statistics.median(sel) * 1000:.0f} ms, "
        f"p95 {_percentile(sel, 95) * 1000:.0f} ms ({len(sel)} runs)\n"
        f"  GET /api/v1/helsestasjon/arbeidsliste/: p50 {statistics.median(api) * 1000:.0f} ms, "
        f"p95 {_percentile(api, 95) * 1000:.0f} ms ({len(api)} requests, in-process), "
        f"{queries} SQL queries (target p95 <= 150 ms)\n"
    )
    print("\n" + text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
