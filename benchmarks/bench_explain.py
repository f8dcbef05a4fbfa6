"""EXPLAIN (ANALYZE, BUFFERS) of the exact SELECT that journal.selectors.pasient_search runs.

Django runs in this process against the benchmark database. The search is called for
real as the demo user (acting in their only unit, so the SELECT carries the access rule:
EXISTS subqueries for care relationships, extended access and blocks) inside a transaction
that is rolled back, so no audit rows are written; the patient SELECT it issues is
captured and explained.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench_db import DEMO_USER, ROOT, BenchError, django_env

_EXECUTION = re.compile(r"Execution Time: ([0-9.]+) ms")
_PLANNING = re.compile(r"Planning Time: ([0-9.]+) ms")
_INDEX_NODE = re.compile(r"((?:Bitmap Index|Index Only|Index) Scan(?: Backward)? (?:using|on) \S+)")
_SEQ_SCAN = re.compile(r"Seq Scan on (\S+)")
_ROWS_REMOVED = re.compile(r"Rows Removed by (?:Filter|Join Filter|Index Recheck): (\d+)")
_BUFFERS = re.compile(r"Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?")


@dataclass(frozen=True)
class Explained:
    label: str
    sok: str
    sokemate: str
    execution_ms: float  # median over the repeats
    execution_all_ms: list[float]
    planning_ms: float
    index_nodes: list[str]
    seq_scans: list[str]  # tables read with a Seq Scan that ran
    rows_removed: int  # rows read and thrown away by filters (all nodes)
    buffers: int  # shared buffers hit + read by the top node
    plan: list[str]
    sql: str

    @property
    def seq_scan(self) -> bool:
        return bool(self.seq_scans)


class _Rollback(Exception):
    pass


def django_setup(url: str) -> None:
    for key, value in django_env(url).items():
        if key not in os.environ or os.environ[key] != value:
            os.environ[key] = value
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _top_buffers(plan: list[str]) -> int:
    for line in plan[1:3]:
        match = _BUFFERS.search(line)
        if match:
            return sum(int(g) for g in match.groups() if g)
    return 0


def explain_searches(
    url: str, searches: Sequence[tuple[str, str]], *, repeats: int = 5
) -> list[Explained]:
    """EXPLAIN each (label, sok); the median execution time of `repeats` runs."""
    django_setup(url)
    from django.db import connection, transaction

    from core.acting import acting_unit_resolve
    from core.context import RequestContext, new_request_id, request_context
    from core.middleware import acting_apply
    from core.models import Ansatt
    from journal.selectors import pasient_search

    actor = Ansatt.objects.get(username=DEMO_USER)
    results: list[Explained] = []
    for label, sok in searches:
        captured: list[tuple[str, Any]] = []

        def capture(
            execute: Callable[..., Any],
            sql: str,
            params: Any,
            many: bool,
            context: dict[str, Any],
            sink: list[tuple[str, Any]] = captured,
        ) -> Any:
            # the patient SELECT, or the id search's one statement (WITH … its audit rows)
            head = sql.lstrip().upper()
            if head.startswith(("SELECT", "WITH")) and "journal_pasient" in sql:
                sink.append((sql, params))
            return execute(sql, params, many, context)

        sokemate = ""
        with request_context(RequestContext(request_id=new_request_id(), kanal="api")):
            acting_apply(acting_unit_resolve(ansatt=actor, enhet_id=None))
            try:
                with connection.execute_wrapper(capture), transaction.atomic():
                    sokemate = pasient_search(actor=actor, sok=sok).sokemate
                    raise _Rollback
            except _Rollback:
                pass
        if not captured:
            raise BenchError(
                f"pasient_search({sok!r}) ran no patient SELECT (sokemate={sokemate!r})"
            )
        sql, params = captured[0]
        times: list[float] = []
        plan: list[str] = []
        planning = 0.0
        for _ in range(max(1, repeats)):
            # rolled back: the id search's statement writes its audit rows
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plan = [str(row[0]) for row in cursor.fetchall()]
                transaction.set_rollback(True)
            text = "\n".join(plan)
            executed = _EXECUTION.search(text)
            planned = _PLANNING.search(text)
            times.append(float(executed.group(1)) if executed else float("nan"))
            planning = float(planned.group(1)) if planned else float("nan")
        text = "\n".join(plan)
        with connection.cursor() as cursor:
            rendered = cursor.mogrify(sql, params)
        results.append(
            Explained(
                label=label,
                sok=sok,
                sokemate=sokemate,
                execution_ms=statistics.median(times),
                execution_all_ms=times,
                planning_ms=planning,
                index_nodes=sorted(set(_INDEX_NODE.findall(text))),
                # A node that never ran read nothing: a guarded fallback branch (the large
                # unit's side of the name search, taken only for a very common prefix) is
                # not a Seq Scan of this search.
                seq_scans=sorted(
                    {
                        t
                        for line in plan
                        if "(never executed)" not in line
                        for t in _SEQ_SCAN.findall(line)
                    }
                ),
                rows_removed=sum(int(n) for n in _ROWS_REMOVED.findall(text)),
                buffers=_top_buffers(plan),
                plan=plan,
                sql=rendered if isinstance(rendered, str) else str(rendered),
            )
        )
    connection.close()
    return results
