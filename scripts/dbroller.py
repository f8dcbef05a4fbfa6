"""Split a superuser database URL into the owner and runtime roles (core/dbroller.py).

As the superuser in SUPERUSER_URL: create the roles kj_eier (owner, runs migrations) and
kj_app (runtime, web and workers) when missing, and hand the database and everything in it
to kj_eier. Prints shell `export` lines for DATABASE_OWNER_URL and DATABASE_URL.

For trust-authenticated dev and CI servers (`make run`, `make test`, `.ci/run`); production
creates its roles with passwords itself (README.md, Databaseroller).

Usage: python scripts/dbroller.py postgres://postgres@127.0.0.1:5432/kommunejournal
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.dbroller import EIER_ROLLE, RUNTIME_ROLLE, database_hand_over, roles_create


def _with_user(url: str, user: str) -> str:
    parsed = urlparse(url)
    host = parsed.hostname or ""
    netloc = f"{user}@{host}" + (f":{parsed.port}" if parsed.port else "")
    return urlunparse(parsed._replace(netloc=netloc))


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("Bruk: dbroller.py postgres://superbruker@vert:port/database")
    url = sys.argv[1]
    with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if not (row and row[0]):
            # Already split (or no rights to split): leave the URL as it is.
            print(f"export DATABASE_URL={url}")
            return
        roles_create(cursor)
        database_hand_over(cursor)
    print(f"export DATABASE_OWNER_URL={_with_user(url, EIER_ROLLE)}")
    print(f"export DATABASE_URL={_with_user(url, RUNTIME_ROLLE)}")


if __name__ == "__main__":
    main()
