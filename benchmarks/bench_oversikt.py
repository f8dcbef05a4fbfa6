"""The patient overview (klinisk oppsummering), measured in-process: SQL queries and time.

Django runs in this process (as for the EXPLAIN and the audit figures). The demo user acts
in their unit and calls journal.selectors.oversikt_get for N patients with a rich history,
capturing every SQL statement. The count must be the same for every patient (the overview
promises a fixed number of queries whatever the length of the record), so the benchmark
reports the distinct counts seen and flags more than one.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench_audit import REQUEST_ID_PREFIX, demo_actor
from bench_explain import django_setup
from bench_load import percentile


@dataclass
class OverviewFigures:
    patients: int
    timings_ms: list[float] = field(default_factory=list)
    query_counts: Counter[int] = field(default_factory=Counter)
    notes_per_patient: Counter[int] = field(default_factory=Counter)
    slowest_queries: list[tuple[float, str]] = field(default_factory=list)

    def p(self, q: float) -> float:
        return percentile(self.timings_ms, q)


def overview_measure(url: str, pasient_ids: Sequence[str], *, warmup: int = 20) -> OverviewFigures:
    """Call oversikt_get once per patient (after `warmup` unmeasured calls)."""
    django_setup(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.context import request_context
    from journal.models import Journalnotat
    from journal.selectors.oversikt import oversikt_get

    actor, _tilknytning, base = demo_actor()
    figures = OverviewFigures(patients=len(pasient_ids))
    slow: list[tuple[float, str]] = []
    for index, pasient_id in enumerate([*pasient_ids[:warmup], *pasient_ids]):
        measured = index >= min(warmup, len(pasient_ids))
        ctx = dataclasses.replace(base, request_id=f"{REQUEST_ID_PREFIX}oversikt-{index}")
        # The debug log of queries is a bounded deque: once full, a capture would count 0.
        connection.queries_log.clear()
        with request_context(ctx), CaptureQueriesContext(connection) as captured:
            begun = time.perf_counter()
            oversikt_get(actor=actor, pasient_id=pasient_id)
            elapsed = (time.perf_counter() - begun) * 1000
        if not measured:
            continue
        figures.timings_ms.append(elapsed)
        figures.query_counts[len(captured.captured_queries)] += 1
        slow += [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    for pasient_id in pasient_ids[:200]:
        figures.notes_per_patient[Journalnotat.objects.filter(pasient_id=pasient_id).count()] += 1
    figures.slowest_queries = sorted(slow, reverse=True)[:3]
    connection.close()
    return figures
