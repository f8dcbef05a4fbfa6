"""The FHIR API measured in-process (Django's test client, no network), run once by hand:

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kj_fhir REDIS_URL=redis://…
    .venv/bin/python benchmarks/bench_fhir.py [--patients 5000] [--requests 300]

1. `GET /fhir/Patient?identifier=<FNR system>|<fnr>` against the same search through
   `GET /api/v1/pasienter/?sok=<fnr>` (issue 18: p95 within 1.5x);
2. a searchset of 100 Observations (`_count=100`, with `_include` of the patient;
   target p95 <= 200 ms), and the SQL statements each costs.

It uses its own database (the name in DATABASE_URL + "_bench", migrated and filled once,
kept for the next run): `--patients` patients of one home-care unit, each found through
the unit's care relationship, plus one patient with 13 full sets of vital signs
(104 Observations). Every request is a real request through the middleware, the token
authentication, journal.access and the audit rows.
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _setup() -> None:
    url = os.environ["DATABASE_URL"]
    base, _, name = url.rpartition("/")
    if not name.endswith("_bench"):
        os.environ["DATABASE_URL"] = f"{base}/{name}_bench"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django
    import psycopg

    admin = f"{base}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        wanted = os.environ["DATABASE_URL"].rpartition("/")[2]
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [wanted]).fetchone():
            conn.execute(f'CREATE DATABASE "{wanted}"')
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _data(patients: int) -> tuple[Any, list[str], str]:
    """The nurse, the identifiers of her unit's patients, and the id of the patient with
    104 Observations (made once)."""
    from core.models import Ansatt, Enhet, EnhetType
    from journal.models import Behandlingsrelasjon, Pasient
    from tests.conftest import actor
    from tests.factories import EnhetFactory, PasientFactory
    from tests.integrasjoner.fhir.data import journal_make, maaling_make

    enhet = Enhet.objects.filter(navn="Bench FHIR sone").first()
    if enhet is None:
        enhet = EnhetFactory(navn="Bench FHIR sone", type=EnhetType.HJEMMETJENESTE_SONE)
        sykepleier = actor(enhet, "sykepleier", username="bench_fhir")
        journal = journal_make(enhet, sykepleier, etternavn="Maalesen")
        for i in range(12):
            maaling_make(
                journal.pasient,
                enhet,
                sykepleier,
                tidspunkt=journal.maaling.tidspunkt - dt.timedelta(hours=i + 1),
            )
    sykepleier = Ansatt.objects.get(username="bench_fhir")
    have = Behandlingsrelasjon.objects.filter(enhet=enhet).count()
    # The factory's synthetic numbers repeat from run to run: topping up a kept database
    # must not hand out one already there.
    from tests import factories

    factories._used_fnr.update(Pasient.objects.values_list("identifikator", flat=True))
    for _ in range(max(0, patients - have)):
        PasientFactory(relasjon_til=enhet)
    ids = list(
        Pasient.objects.filter(relasjoner__enhet=enhet).values_list("identifikator", flat=True)
    )
    rich = Pasient.objects.get(etternavn="Maalesen", relasjoner__enhet=enhet)
    return sykepleier, ids, str(rich.pk)


def _time(client: Any, path: str, params: dict[str, str], headers: dict[str, Any]) -> float:
    begun = time.perf_counter()
    response = client.get(path, params, **headers)
    elapsed = (time.perf_counter() - begun) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} {params}: {response.status_code} {response.content[:300]!r}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--patients", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.services import ansatt_token_issue
    from integrasjoner.fhir.lib.systemer import FNR

    sykepleier, fnrs, rich = _data(args.patients)
    _noekkel, key = ansatt_token_issue(ansatt=sykepleier)
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Token {key}", "HTTP_HOST": "localhost"}
    client = Client()
    rng = random.Random(18)
    sample = [rng.choice(fnrs) for _ in range(args.requests)]

    fhir: list[float] = []
    api: list[float] = []
    for i, fnr in enumerate(sample[:30] + sample):  # the first 30 warm up
        # alternate, so both see the same caches and the same load
        a = _time(client, "/fhir/Patient", {"identifier": f"{FNR}|{fnr}"}, headers)
        b = _time(client, "/api/v1/pasienter/", {"sok": fnr}, headers)
        if i >= 30:
            fhir.append(a)
            api.append(b)

    obs: list[float] = []
    query = {"patient": f"Patient/{rich}", "_count": "100", "_include": "Observation:patient"}
    for i in range(args.requests + 20):
        elapsed = _time(client, "/fhir/Observation", query, headers)
        if i >= 20:
            obs.append(elapsed)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        bundle = client.get("/fhir/Observation", query, **headers).json()
    matches = sum(1 for e in bundle["entry"] if e["search"]["mode"] == "match")

    def line(name: str, values: list[float]) -> str:
        return (
            f"{name:<44} p50 {statistics.median(values):7.2f} ms   "
            f"p95 {percentile(values, 95):7.2f} ms   (n={len(values)})"
        )

    print(f"patients of the unit: {len(fnrs)}")
    print(line("GET /fhir/Patient?identifier=FNR|…", fhir))
    print(line("GET /api/v1/pasienter/?sok=<fnr>", api))
    ratio = percentile(fhir, 95) / percentile(api, 95)
    print(f"p95 ratio FHIR / api v1: {ratio:.2f}  (target <= 1.5)")
    print(line(f"GET /fhir/Observation ({matches} matches, _include)", obs))
    print(f"SQL statements for that searchset: {len(captured.captured_queries)}")
    print("target p95 <= 200 ms:", "met" if percentile(obs, 95) <= 200 else "NOT met")


if __name__ == "__main__":
    main()
