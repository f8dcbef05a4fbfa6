"""EXPLAIN (ANALYZE, BUFFERS) of the small unit's name search statement (issue 12, navnindeks).

For a few name prefixes, searched as the demo user `sykepleier` (a unit of 2,000 open care
relationships) through Django's WSGI handler in this process, captures the statement
journal.access.navnesok runs once the unit's size is remembered (the small side alone,
prepared), then prints, for the plan PostgreSQL picks for those values (custom) and for its
generic plan (what a prepared statement may keep after five executions): execution and
planning time, shared buffers hit/read, and the rows read from journal_behandlingsrelasjon
and journal_pasient (kept or removed by a filter, over all loops; the page's own read of
its ≤21 rows by id included). Each EXPLAIN runs in a transaction rolled back, so the audit
rows it writes are not kept. Run it in one code tree (`--src`):

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kj_bench1m REDIS_URL=... \\
        DJANGO_SECRET_KEY=x
    .venv/bin/python benchmarks/explain_navn_liten.py --src /work/wt/navnindeks-base jo ha kri
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _rows(plan: dict[str, Any], table: str) -> int:
    own = 0
    if plan.get("Relation Name") == table:
        kept = plan.get("Actual Rows", 0)
        removed = plan.get("Rows Removed by Filter", 0) + plan.get(
            "Rows Removed by Index Recheck", 0
        )
        own = (kept + removed) * plan.get("Actual Loops", 0)
    return own + sum(_rows(child, table) for child in plan.get("Plans", []))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--src", default=str(HERE.parent), help="the code tree to run")
    p.add_argument("prefixes", nargs="+")
    a = p.parse_args()
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, a.src)
    os.chdir(a.src)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DJANGO_DEBUG": "False",
            "ALLOW_SYNTHETIC_IDENTITIES": "True",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    import bench_db
    from bench_kjerne import http_token_inprocess, wsgi_call
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection, transaction
    from psycopg.sql import Literal

    from journal.access import navnesok

    captured: list[tuple[str, list[Any]]] = []
    real = navnesok.sql_rows  # type: ignore[attr-defined]

    def spy(sql: str, params: list[Any], *, prepare: bool = True) -> list[tuple[Any, ...]]:
        captured.append((sql, list(params)))
        return real(sql, params, prepare=prepare)

    navnesok.sql_rows = spy  # type: ignore[attr-defined,assignment]
    app = WSGIHandler()
    token = http_token_inprocess(app, bench_db.DEMO_USER, bench_db.DEMO_PASSWORD)
    for prefix in a.prefixes:
        for _ in range(2):  # the first counts the unit's size, the second is the small side
            status, body = wsgi_call(app, "/api/v1/pasienter/", f"sok={prefix}", token)
            if not status.startswith("200"):
                raise SystemExit(f"{prefix}: {status} {body[:200]!r}")
        sql, params = captured[-1]
        numbered = sql.split("%s")
        text = numbered[0] + "".join(f"${i}{part}" for i, part in enumerate(numbered[1:], 1))
        values = ", ".join(Literal(v).as_string(connection.connection) for v in params)
        for mode in ("custom", "generic"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL plan_cache_mode = force_{mode}_plan")
                cursor.execute(f"PREPARE kj_explain AS {text}")
                cursor.execute(
                    f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE kj_explain({values})"
                )
                out = cursor.fetchone()[0][0]
                cursor.execute("DEALLOCATE kj_explain")
                transaction.set_rollback(True)
            plan = out["Plan"]
            print(
                f"{Path(a.src).name:16} {prefix:6} {mode:7} exec {out['Execution Time']:6.2f} ms"
                f" plan {out.get('Planning Time', 0):5.2f} ms"
                f" buffers hit {plan.get('Shared Hit Blocks', 0):5} read"
                f" {plan.get('Shared Read Blocks', 0):4}"
                f" rows relasjon {_rows(plan, 'journal_behandlingsrelasjon'):5}"
                f" pasient {_rows(plan, 'journal_pasient'):5}"
                f" page {len(body)} B",
                flush=True,
            )


if __name__ == "__main__":
    main()
