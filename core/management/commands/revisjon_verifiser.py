"""Walk the audit log's hash chains and report the first broken link.

Each partition of core_auditlogg is one chain (migration 0010): rows numbered 1, 2, 3 … in
kjede_nr, each carrying the previous row's hash and its own,
sha256(forrige_hash || core_auditlogg_kanon(row)). A changed, removed or inserted row breaks
the chain at that row. Exit status 1 when a chain is broken.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

BATCH = 5000


def _partitions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'core_auditlogg'::regclass ORDER BY c.relname
            """
        )
        return [name for (name,) in cursor.fetchall()]


def kjede_verify(partition: str) -> tuple[int, str | None]:
    """(rows checked, description of the first broken link or None) for one partition."""
    expected_nr = 1
    expected_forrige = ""
    checked = 0
    # Through the parent table (the runtime role has no rights on the partitions themselves).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            DECLARE kjede NO SCROLL CURSOR FOR
            SELECT a.id, a.kjede_nr, a.forrige_hash, a.hash, core_auditlogg_kanon(a)
            FROM core_auditlogg a WHERE a.tableoid = %s::regclass
            ORDER BY a.kjede_nr NULLS FIRST, a.id
            """,
            [partition],
        )
        try:
            while True:
                cursor.execute(f"FETCH {BATCH} FROM kjede")
                rows = cursor.fetchall()
                if not rows:
                    return checked, None
                for row_id, nr, forrige, lagret, kanon in rows:
                    where = f"{partition}, rad id={row_id}, kjedenummer {nr}"
                    if nr != expected_nr:
                        return checked, (
                            f"{where}: ventet kjedenummer {expected_nr} "
                            "(rad mangler eller er satt inn)"
                        )
                    if forrige != expected_forrige:
                        return checked, f"{where}: peker ikke på forrige rads hash"
                    if hashlib.sha256((forrige + kanon).encode()).hexdigest() != lagret:
                        return checked, f"{where}: innholdet stemmer ikke med radens hash (endret)"
                    checked += 1
                    expected_nr += 1
                    expected_forrige = lagret
        finally:
            # Closed, so that a caller can check several partitions in one transaction.
            cursor.execute("CLOSE kjede")


class Command(BaseCommand):
    help = "Kontroller hashkjeden i revisjonsloggen og vis første brudd."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        partitions = _partitions()
        for partition in partitions:
            checked, broken = kjede_verify(partition)
            total += checked
            if broken is not None:
                raise CommandError(f"Brudd i revisjonsloggens hashkjede: {broken}")
        self.stdout.write(
            f"Revisjonsloggen er hel: {total} rader i {len(partitions)} partisjoner kontrollert."
        )
