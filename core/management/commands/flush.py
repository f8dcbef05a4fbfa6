"""`flush` empties tables with TRUNCATE, which only the owner may do (core/dbroller.py);
the test suite's transactional tests end with it."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush

from core.dbroller import owner_connection


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with owner_connection(options["database"]):
            super().handle(**options)
