"""Two PostgreSQL roles: an owner that runs migrations, and the runtime role of web and workers.

The owner (DATABASE_OWNER_URL, default role ``kj_eier``) owns every table, function and
partition and runs ``migrate`` (and ``flush`` in tests). The runtime role (DATABASE_URL,
default role ``kj_app``) gets, after every migrate (post_migrate):

- SELECT, INSERT, UPDATE, DELETE on ordinary tables (not on partitions, nor on the audit
  chain's head table);
- only SELECT and INSERT on the audit log and on the write-once clinical tables (PROTECTED);
- USAGE and SELECT on sequences;
- nothing else: not the owner, so no DDL, no TRUNCATE, no ALTER TABLE … DISABLE TRIGGER; not
  a superuser, so no ``SET session_replication_role``.

``roles_create`` (run as a superuser by scripts/devservices.py, .ci/run and the test setup)
creates both roles when missing and hands an existing database to the owner.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg import sql

EIER_ROLLE = "kj_eier"
RUNTIME_ROLLE = "kj_app"

# Rows written once: the runtime role may add and read them, never change or remove them.
PROTECTED = (
    "core_auditlogg",
    "journal_journalnotatversjon",
    "tildeling_sakdokument",
    "tildeling_saknotat",
)
# Only the owner's SECURITY DEFINER trigger touches these.
OWNER_ONLY = ("core_auditlogg_kjede",)

# The keys of a DATABASES entry that say who connects.
_LOGIN_KEYS = ("USER", "PASSWORD", "HOST", "PORT")


def owner_login() -> dict[str, Any] | None:
    """The owner's login (USER, PASSWORD, HOST, PORT), or None when there is no split."""
    eier: dict[str, Any] | None = getattr(settings, "DATABASE_EIER", None)
    return eier or None


@contextmanager
def owner_connection(alias: str = "default") -> Iterator[BaseDatabaseWrapper]:
    """Run the block on a connection as the owner, in this thread only.

    Without an owner login configured the ordinary connection is used unchanged.
    """
    original = connections[alias]
    eier = owner_login()
    if eier is None or all(original.settings_dict.get(k) == v for k, v in eier.items()):
        yield original
        return
    wrapper = original.__class__({**original.settings_dict, **eier}, alias)
    connections[alias] = wrapper
    try:
        yield wrapper
    finally:
        wrapper.close()
        connections[alias] = original


def _role_exists(cursor: Any, role: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    return cursor.fetchone() is not None


def runtime_grants_apply(connection: BaseDatabaseWrapper) -> bool:
    """Give the runtime role exactly its rights on every table of the schema.

    Runs as the owner after each migrate; idempotent. Returns False (and changes nothing)
    when there is no separate runtime role.
    """
    runtime: str = getattr(settings, "DATABASE_RUNTIME_ROLLE", RUNTIME_ROLLE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (current,) = cursor.fetchone()
        if current == runtime or not _role_exists(cursor, runtime):
            return False
        role = sql.Identifier(runtime)
        cursor.execute(
            """
            SELECT c.relname, c.relkind, c.relispartition
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
            ORDER BY c.relname
            """
        )
        statements: list[sql.Composable] = [
            sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role),
            sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
            sql.SQL("REVOKE CREATE ON SCHEMA public FROM {}").format(role),
        ]
        for name, kind, is_partition in cursor.fetchall():
            table = sql.Identifier(name)
            if kind == "S":
                statements.append(sql.SQL("REVOKE ALL ON SEQUENCE {} FROM {}").format(table, role))
                statements.append(
                    sql.SQL("GRANT USAGE, SELECT ON SEQUENCE {} TO {}").format(table, role)
                )
                continue
            statements.append(sql.SQL("REVOKE ALL ON TABLE {} FROM {}").format(table, role))
            if is_partition or name in OWNER_ONLY:
                continue
            rights = "SELECT, INSERT" if name in PROTECTED else "SELECT, INSERT, UPDATE, DELETE"
            statements.append(sql.SQL("GRANT " + rights + " ON TABLE {} TO {}").format(table, role))
        for statement in statements:
            cursor.execute(statement)
    return True


def roles_create(cursor: Any, *, eier: str = EIER_ROLLE, runtime: str = RUNTIME_ROLLE) -> None:
    """As a superuser: create the owner and runtime roles when missing (no passwords:
    for trust-authenticated dev, test and CI servers; production creates its own).

    `cursor` is a Django or a plain psycopg cursor (scripts/dbroller.py)."""
    for role, options in (
        (eier, "LOGIN CREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS"),
        (runtime, "LOGIN NOCREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS"),
    ):
        # DO … EXCEPTION: another process may create the same role at the same moment.
        cursor.execute(
            sql.SQL(
                "DO $$ BEGIN CREATE ROLE {} " + options + "; "
                "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            ).format(sql.Identifier(role))
        )


def database_hand_over(cursor: Any, *, eier: str = EIER_ROLLE) -> None:
    """As a superuser connected to the database: make `eier` own it and all its objects."""
    owner = sql.Identifier(eier)
    cursor.execute("SELECT current_database()")
    (name,) = cursor.fetchone()
    cursor.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(name), owner))
    cursor.execute(
        """
        SELECT c.relname, c.relkind FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND pg_get_userbyid(c.relowner) <> %s
          AND NOT (c.relkind = 'S' AND EXISTS (
              SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
        """,
        [eier],
    )
    kinds = {"S": "SEQUENCE", "v": "VIEW", "m": "MATERIALIZED VIEW", "f": "FOREIGN TABLE"}
    for relname, kind in cursor.fetchall():
        cursor.execute(
            sql.SQL("ALTER " + kinds.get(kind, "TABLE") + " {} OWNER TO {}").format(
                sql.Identifier(relname), owner
            )
        )
    cursor.execute(
        """
        SELECT p.oid::regprocedure::text FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> %s
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
        """,
        [eier],
    )
    for (signature,) in cursor.fetchall():
        cursor.execute(sql.SQL("ALTER FUNCTION " + signature + " OWNER TO {}").format(owner))


def superuser_refuse(connection: BaseDatabaseWrapper) -> None:
    """Production: the application never runs as a PostgreSQL superuser."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    if row is None or row[0]:
        raise ImproperlyConfigured(
            "Databasebrukeren er superbruker. Applikasjonen skal koble til som kjørerollen "
            "(uten DDL, TRUNCATE eller triggerkontroll); se README.md (Databaseroller)."
        )
