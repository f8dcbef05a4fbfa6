"""Medication round benchmark: a nursing-home ward of 30 residents with 8 orders each.

Measures, in-process through Django's test client (the API), p50/p95 latency and SQL query
count of (1) the morning round list (`GET /api/v1/legemidler/runder/`), (2) signing one
dose (`POST /api/v1/legemidler/administrasjoner/`, each a different due dose), and (3) the
14-day chart of one resident (`GET /api/v1/legemidler/pasienter/<id>/kurve/?dager=14`)
with twelve days of signed history. Targets (issue 15): round list p95 <= 150 ms, signing
p95 <= 100 ms, chart p95 <= 200 ms.

Runs on its own (`python benchmarks/bench_legemidler.py`, DATABASE_URL and REDIS_URL set)
or from `benchmarks/run.py --legemidler`. Uses its own database on the same server
(kommunejournal_bench_legemidler); the ward is built once and reused, its administrations
are emptied (TRUNCATE, which the immutability trigger does not guard) at each run.
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

DB = "kommunejournal_bench_legemidler"
WARD = "Benchmark avdeling (legemidler)"
RESIDENTS = 30
ORDERS = 8
# seven fixed orders at these times (three in the morning round) and one PRN
TIDER = ["08:00", "08:00", "08:00", "12:00", "17:00", "20:00", "22:00"]
HISTORY_DAYS = 12


def log(message: str) -> None:
    print(f"[legemidler {dt.datetime.now(dt.UTC):%H:%M:%S}Z] {message}", flush=True)


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def build_ward() -> tuple[Enhet, Ansatt, Ansatt]:
    """The ward, two nurses, a doctor, 30 residents with 8 orders each (started 30 days ago)."""
    from decimal import Decimal

    from django.db import transaction

    from core.klokke import naa
    from core.models import Ansatt, Enhet, EnhetType, Kommune, Rolle, Tilknytning, Virksomhet
    from core.roller import roller_seed
    from journal.demo import synthetic_fnr
    from journal.models import Behandlingsrelasjon, Pasient, RelasjonGrunnlag
    from legemidler.lib.dosering import BEHOV, Doseringsplan, Dosetid, plan_to_dict
    from legemidler.models import Forordning, Legemiddel

    rng = random.Random(30)
    with transaction.atomic():
        roller_seed()
        kommune, _ = Kommune.objects.get_or_create(nummer="3401", defaults={"navn": "Kongsvinger"})
        virksomhet = Virksomhet.objects.filter(kommune=kommune).first()
        if virksomhet is None:
            virksomhet = Virksomhet.objects.create(
                kommune=kommune, navn="Bench helse", organisasjonsnummer="974782800"
            )
        enhet, _ = Enhet.objects.get_or_create(
            virksomhet=virksomhet, navn=WARD, defaults={"type": EnhetType.SYKEHJEMSAVDELING}
        )
        people = []
        for username, rolle, hpr in [
            ("bench-lm-spl1", "sykepleier", None),
            ("bench-lm-spl2", "sykepleier", None),
            ("bench-lm-lege", "lege", "9100001"),
        ]:
            ansatt, created = Ansatt.objects.get_or_create(
                username=username,
                defaults={"first_name": "Bench", "last_name": username, "hpr_nummer": hpr},
            )
            if created:
                Tilknytning.objects.create(
                    ansatt=ansatt,
                    enhet=enhet,
                    rolle=Rolle.objects.get(kode=rolle),
                    gyldig_fra=dt.date(2024, 1, 1),
                )
            people.append(ansatt)
        spl1, spl2, lege = people
        paracet, _ = Legemiddel.objects.get_or_create(
            fest_id="BENCH_LM_C",
            defaults={
                "varenavn": "Benchparacet",
                "navn_form_styrke": "Benchparacet tab 500 mg",
                "atc": "N02BE01",
                "legemiddelform": "Tablett",
                "reseptgruppe": "C",
            },
        )
        morfin, _ = Legemiddel.objects.get_or_create(
            fest_id="BENCH_LM_A",
            defaults={
                "varenavn": "Benchmorfin",
                "navn_form_styrke": "Benchmorfin tab 10 mg",
                "atc": "N02AA01",
                "legemiddelform": "Tablett",
                "reseptgruppe": "A",
            },
        )
        if Forordning.objects.filter(enhet=enhet).count() < RESIDENTS * ORDERS:
            start = naa() - dt.timedelta(days=30)
            used = set(Pasient.objects.values_list("identifikator", flat=True))
            for i in range(RESIDENTS):
                born = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randint(0, 9000))
                pasient = Pasient.objects.create(
                    identifikator=synthetic_fnr(rng, born, used) or "",  # Tenor: month + 80
                    identifikator_type="FNR",
                    fornavn="Bench",
                    etternavn=f"Beboer {i:02d}",
                    fodselsdato=born,
                )
                Behandlingsrelasjon.objects.create(
                    pasient=pasient, enhet=enhet, grunnlag=RelasjonGrunnlag.VEDTAK
                )
                for k, tid in enumerate(TIDER):
                    lm = morfin if k == 0 else paracet
                    plan = Doseringsplan(tider=(Dosetid(dt.time.fromisoformat(tid), Decimal(1)),))
                    Forordning.objects.create(
                        pasient=pasient,
                        enhet=enhet,
                        legemiddel=lm,
                        legemiddel_navn=lm.navn_form_styrke,
                        atc=lm.atc,
                        doseringstype="fast",
                        dosering=plan_to_dict(plan),
                        dose_enhet="tablett",
                        administrasjonsvei="oral",
                        indikasjon="Benchmark",
                        start=start,
                        ordinert_av=lege,
                        ordinert_av_hpr="9100001",
                        registrert_av=lege,
                    )
                behov = Doseringsplan(
                    type=BEHOV,
                    behov_dose=Decimal(1),
                    behov_maks_per_doegn=Decimal(4),
                    behov_min_intervall_min=240,
                )
                Forordning.objects.create(
                    pasient=pasient,
                    enhet=enhet,
                    legemiddel=paracet,
                    legemiddel_navn=paracet.navn_form_styrke,
                    atc=paracet.atc,
                    doseringstype=BEHOV,
                    dosering=plan_to_dict(behov),
                    dose_enhet="tablett",
                    administrasjonsvei="oral",
                    indikasjon="Benchmark PRN",
                    start=start,
                    ordinert_av=lege,
                    ordinert_av_hpr="9100001",
                    registrert_av=lege,
                )
    return enhet, spl1, spl2


def history_fill(enhet: Enhet, spl1: Ansatt, spl2: Ansatt) -> int:
    """Empty the administrations, then sign every dose of the last HISTORY_DAYS days before
    yesterday (bulk, double-signed where needed) so the chart has history."""
    from zoneinfo import ZoneInfo

    from django.db import connection, transaction

    from core.klokke import naa
    from legemidler.lib.dosering import forfall_expand, lokal_tid
    from legemidler.models import Administrasjon, Forordning

    with connection.cursor() as cur:
        cur.execute("TRUNCATE legemidler_effektvurdering, legemidler_administrasjon CASCADE")
    today = naa().astimezone(ZoneInfo("Europe/Oslo")).date()
    fra = lokal_tid(today - dt.timedelta(days=HISTORY_DAYS + 1), dt.time(0))
    til = lokal_tid(today - dt.timedelta(days=1), dt.time(0))
    rows = []
    for o in Forordning.objects.filter(enhet=enhet).select_related("legemiddel"):
        for f in forfall_expand(o.plan, start=o.start, fra=fra, til=til):
            dobbel = o.legemiddel.reseptgruppe in ("A", "B")
            rows.append(
                Administrasjon(
                    pasient_id=o.pasient_id,
                    enhet=enhet,
                    forordning=o,
                    forfall_at=f.tidspunkt,
                    planlagt_dose=f.dose,
                    status="gitt",
                    dose=f.dose,
                    dose_enhet="tablett",
                    gitt_at=f.tidspunkt,
                    signert_av=spl1,
                    signert_at=f.tidspunkt,
                    kontrollert_av=spl2 if dobbel else None,
                    kontrollert_at=f.tidspunkt if dobbel else None,
                )
            )
    with transaction.atomic():
        Administrasjon.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _client(ansatt: Ansatt) -> Any:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user=ansatt)
    return client


def _count(client: Any, method: str, url: str, data: Any = None) -> int:
    from django.db import connection

    counted: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = getattr(client, method)(url, data, format="json") if data else client.get(url)
    if response.status_code >= 400:
        raise SystemExit(f"{url} answered {response.status_code}: {response.content!r}")
    return len(counted)


def measure(enhet: Enhet, spl1: Ansatt, requests: int) -> dict[str, tuple[list[float], int]]:
    from zoneinfo import ZoneInfo

    from django.test.utils import setup_test_environment

    from core.klokke import naa
    from legemidler.lib.dosering import forfall_expand, lokal_tid
    from legemidler.models import Forordning

    setup_test_environment()
    client = _client(spl1)
    today = naa().astimezone(ZoneInfo("Europe/Oslo")).date()
    results: dict[str, tuple[list[float], int]] = {}

    runde = f"/api/v1/legemidler/runder/?runde=morgen&dato={today.isoformat()}"
    queries = _count(client, "get", runde)
    times = []
    for _ in range(requests):
        begun = time.perf_counter()
        response = client.get(runde)
        times.append(time.perf_counter() - begun)
    results[f"round list ({len(response.json()['doser'])} doses)"] = (times, queries)

    # signing: yesterday's doses, each a different one
    ydag = today - dt.timedelta(days=1)
    due = [
        (o.pk, f.tidspunkt)
        for o in Forordning.objects.filter(enhet=enhet, doseringstype="fast").order_by("id")
        for f in forfall_expand(
            o.plan, start=o.start, fra=lokal_tid(ydag, dt.time(0)), til=lokal_tid(today, dt.time(0))
        )
    ]

    def body(i: int) -> dict[str, str]:
        pk, moment = due[i]
        return {"forordning": str(pk), "forfall": moment.isoformat(), "status": "gitt"}

    queries = _count(client, "post", "/api/v1/legemidler/administrasjoner/", body(0))
    times = []
    for i in range(1, min(len(due), requests * 3 + 1)):
        begun = time.perf_counter()
        response = client.post("/api/v1/legemidler/administrasjoner/", body(i), format="json")
        times.append(time.perf_counter() - begun)
        if response.status_code != 201:
            raise SystemExit(f"signing answered {response.status_code}: {response.content!r}")
    results["signing one dose"] = (times, queries)

    pasient_id = Forordning.objects.filter(enhet=enhet).values_list("pasient_id", flat=True)[0]
    kurve = f"/api/v1/legemidler/pasienter/{pasient_id}/kurve/?dager=14"
    queries = _count(client, "get", kurve)
    times = []
    for _ in range(requests):
        begun = time.perf_counter()
        client.get(kurve)
        times.append(time.perf_counter() - begun)
    results["14-day chart"] = (times, queries)
    return results


TARGETS = {"round list": 150, "signing one dose": 100, "14-day chart": 200}


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--requests", type=int, default=40, help="measured requests per endpoint")
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
        log(f"ward with {RESIDENTS} residents, {ORDERS} orders each")
        enhet, spl1, spl2 = build_ward()
        log(f"history: {history_fill(enhet, spl1, spl2)} administrations signed")
    results = measure(enhet, spl1, args.requests)
    lines = [f"Medication round, {RESIDENTS} residents x {ORDERS} orders (bench_legemidler.py)"]
    for name, (times, queries) in results.items():
        target = next((v for k, v in TARGETS.items() if name.startswith(k)), None)
        p95 = _percentile(times, 95) * 1000
        verdict = (
            "" if target is None else f" (target {target} ms: {'ok' if p95 <= target else 'OVER'})"
        )
        lines.append(
            f"  {name}: p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95:.0f} ms"
            f"{verdict}, {len(times)} requests in-process, {queries} SQL queries"
        )
    print("\n" + "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
