"""The whole demo (`manage.py demo_alle`) per command: seconds and SQL statements each,
and the statements run most often (`--top N`), in one transaction that is rolled back.

Runs on its own: `python benchmarks/bench_demo.py` with DATABASE_URL and REDIS_URL set, on
a migrated database whose demo is not built (the test database's settings,
`config.settings.test`, unless DJANGO_SETTINGS_MODULE says otherwise; its Redis database
is KJ_TEST_REDIS_DB, so keep it apart from a running test suite's).
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys
import time
from io import StringIO
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=0, help="most frequent statements per command")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from core.klokke import klokke_holdt

    counts: collections.Counter[str] = collections.Counter()
    total = [0]

    def counting(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        total[0] += 1
        counts[re.sub(r"\s+", " ", sql)[:140]] += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with transaction.atomic(), connection.execute_wrapper(counting), klokke_holdt():
        for name in settings.DEMO_KOMMANDOER:
            counts.clear()
            before, t = total[0], time.perf_counter()
            call_command(name, stdout=StringIO())
            print(f"{name:26s} {time.perf_counter() - t:7.1f} s {total[0] - before:7d} SQL")
            for sql, n in counts.most_common(args.top):
                print(f"    {n:6d}  {sql}")
        transaction.set_rollback(True)
    print(f"{'demo_alle':26s} {time.perf_counter() - started:7.1f} s {total[0]:7d} SQL")


if __name__ == "__main__":
    main()
