"""The patient overview in-process: wall time, Python CPU time and SQL statements, for the
selector (journal.selectors.oversikt_get) and for the API view (OversiktApi, rendered).

Reads the benchmark database that run.py built (BENCH_DB, default kommunejournal_bench):
the first N patients of the demo user's unit that have notes (the rich histories). Run it
from a checkout's root, once per checkout, back to back, to compare two branches:

    BENCH_DB=<name> .venv/bin/python benchmarks/bench_oversikt_cpu.py 200
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_db
from bench_audit import REQUEST_ID_PREFIX, demo_actor
from bench_explain import django_setup
from bench_load import percentile

WARMUP = 20


def main(n: int) -> None:
    django_setup(bench_db.database_url(os.environ["DATABASE_URL"], bench_db.BENCH_DB))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIRequestFactory, force_authenticate

    from core.context import request_context
    from journal.apis.oversikt import OversiktApi
    from journal.models import Behandlingsrelasjon, Journalnotat
    from journal.selectors.oversikt import oversikt_get

    actor, _tilknytning, base = demo_actor()
    district = Behandlingsrelasjon.objects.active().filter(enhet_id=base.enhet_id)
    ids = [
        str(p)
        for p in Journalnotat.objects.filter(pasient_id__in=district.values("pasient_id"))
        .order_by("pasient_id")
        .values_list("pasient_id", flat=True)
        .distinct()[:n]
    ]
    view = OversiktApi.as_view()
    factory = APIRequestFactory()

    def selector(pasient_id: str) -> None:
        oversikt_get(actor=actor, pasient_id=pasient_id)

    def api(pasient_id: str) -> None:
        request = factory.get(f"/api/v1/pasienter/{pasient_id}/oversikt/")
        force_authenticate(request, user=actor)
        request.session = {}  # type: ignore[assignment]  # the acting-unit lookup reads it
        response = view(request, pasient_id=pasient_id)
        response.render()
        if response.status_code != 200:
            raise RuntimeError(f"{pasient_id}: HTTP {response.status_code}")

    def measure(name: str, call: Callable[[str], None]) -> None:
        wall: list[float] = []
        cpu: list[float] = []
        counts: set[int] = set()
        for index, pasient_id in enumerate([*ids[:WARMUP], *ids]):
            ctx = dataclasses.replace(base, request_id=f"{REQUEST_ID_PREFIX}ov-{name}-{index}")
            connection.queries_log.clear()
            with request_context(ctx), CaptureQueriesContext(connection) as captured:
                begun, cpu_begun = time.perf_counter(), time.process_time()
                call(pasient_id)
                ended, cpu_ended = time.perf_counter(), time.process_time()
            if index >= WARMUP:
                wall.append((ended - begun) * 1000)
                cpu.append((cpu_ended - cpu_begun) * 1000)
                counts.add(len(captured.captured_queries))
        print(
            f"{name}: {len(wall)} overviews, wall p50 {percentile(wall, 50):.1f} / p95 "
            f"{percentile(wall, 95):.1f} ms, Python CPU p50 {statistics.median(cpu):.1f} ms, "
            f"SQL statements {sorted(counts)}"
        )

    measure("selector", selector)
    measure("api", api)
    connection.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
