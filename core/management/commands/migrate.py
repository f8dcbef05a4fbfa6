"""`migrate` runs as the database owner (DATABASE_OWNER_URL) when one is configured.

The runtime role of web and workers has no DDL rights (core/dbroller.py); after the
migrations, post_migrate gives it its rights on every table (CoreConfig.ready).
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import migrate

from core.dbroller import owner_connection


class Command(migrate.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        with owner_connection(options["database"]):
            super().handle(*args, **options)
