"""Constant SQL on the request path, run as prepared statements (issue 12).

The hottest reads (a patient by id, a search by identifier, the audit insert) are the same
few SQL texts with different values on every request. Django compiles a QuerySet to SQL on
every call and sends it with client-side binding, so PostgreSQL parses and plans it again
each time. `sql_execute` instead runs a constant text with server-side binding and asks
psycopg to prepare it: on a persistent connection (CONN_MAX_AGE) each text is parsed and
planned once per connection, and later calls send only the values.

It goes through Django's cursor wrapper, so transactions, `connection.execute_wrapper`,
error translation and the query log of tests (django_assert_num_queries) see these
statements like any other. Only code with constant SQL text uses it; every value is a
bound parameter. psycopg keeps at most `prepared_max` (100) statements per connection.

Connection poolers in transaction mode must support protocol-level prepared statements
(PgBouncer 1.21+, `max_prepared_statements`); see docs/skalering.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql.base import CursorDebugWrapper as PgCursorDebugWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import Model
from psycopg._queries import PostgresQuery, _query2pg  # see _ConstantQuery

M = TypeVar("M", bound=Model)


class _ConstantQuery(PostgresQuery):
    """psycopg converts a query's `%s` placeholders to `$n` once and remembers the result,
    but only for queries under 4 kB with at most 50 parameters (a guard against ORM
    statements that never repeat); beyond that it parses the text again on every call (a
    sixth of a patient read's Python time). Our statements are a few constant texts, so
    every one is remembered (psycopg's own bounded cache; tests/core/test_db.py)."""

    def convert(self, query: Any, vars: Any) -> None:
        if vars is None or not isinstance(query, str):
            super().convert(query, vars)
            return
        encoding = self._tx.encoding
        converted = _query2pg(query.encode(encoding), encoding)
        self.query, self._want_formats, self._order, self._parts = converted
        self.dump(vars)


class _PreparedCursor(psycopg.Cursor[Any]):
    """Server-side binding, prepared on first use (Django's default cursor binds on the
    client and never prepares)."""

    _query_cls = _ConstantQuery
    kj_prepare = True  # False: bound on the server, planned for each call's values

    def execute(
        self,
        query: Any,
        params: Any = None,
        *,
        prepare: bool | None = None,
        binary: bool | None = None,
    ) -> _PreparedCursor:
        if prepare is None:
            prepare = self.kj_prepare
        super().execute(query, params, prepare=prepare, binary=binary)
        return self


class _DebugWrapper(PgCursorDebugWrapper):
    """Django's query log (DEBUG, tests) with the statement and its values: Django asks a
    client-binding cursor for the text it sent, which a prepared statement has not."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return CursorWrapper.execute(self, sql, params)


def _db() -> Any:
    """The default connection's Django wrapper itself. `django.db.connection` is a proxy
    that looks the wrapper up (a thread/async-local read) on every attribute; the helpers
    below touch it a dozen times per statement, and Django's cursor wrapper as often again
    when given the proxy (issue 12: a few hundredths of a millisecond per statement)."""
    return connections[DEFAULT_DB_ALIAS]


def _raw_connection(db: Any = None) -> Any:
    """The default connection's psycopg connection, ready for prepared statements."""
    if db is None:
        db = _db()
    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    conn = db.connection
    if conn.prepare_threshold is None:
        # Django turns preparing off for the whole connection (its own cursors bind on
        # the client and never prepare, so this changes nothing for them).
        conn.prepare_threshold = 5
    return conn


def _cursor(conn: Any, prepare: bool, db: Any = None) -> CursorWrapper:
    """A _PreparedCursor in Django's wrapper, so the query log and its counts see it."""
    if db is None:
        db = _db()
    raw = _PreparedCursor(conn)
    raw.kj_prepare = prepare
    if db.queries_logged:
        return _DebugWrapper(raw, db)
    return CursorWrapper(raw, db)


@contextmanager
def prepared_cursor(*, prepare: bool = True) -> Iterator[CursorWrapper]:
    """A cursor of the default connection whose statements are prepared (see module doc);
    with prepare=False they are bound on the server but not prepared (see sql_rows)."""
    db = _db()
    with db.wrap_database_errors:
        cursor = _cursor(_raw_connection(db), prepare, db)
    try:
        yield cursor
    finally:
        cursor.close()


def sql_rows(sql: str, params: Sequence[Any], *, prepare: bool = True) -> list[tuple[Any, ...]]:
    """The rows of one constant SQL statement, prepared (see module doc). prepare=False for
    a statement whose best plan depends on its values in a way a generic plan cannot know
    (a name prefix bound as a parameter is no index range in a generic plan): PostgreSQL
    plans it for the values of each call, as it does Django's statements. (prepared_cursor
    written out: this runs on every request.)"""
    db = _db()
    with db.wrap_database_errors:
        cursor = _cursor(_raw_connection(db), prepare, db)
    try:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows
    finally:
        cursor.close()


def select_list(model: type[Model], fields: Sequence[str] | None = None) -> list[str]:
    """The attnames of `model`'s concrete fields (or of `fields` and the key, in model order)
    for select_sql and model_from_row. Column names come from the model, never input."""
    wanted = None if fields is None else set(fields)
    return [
        f.attname
        for f in model._meta.concrete_fields
        if wanted is None or f.attname in wanted or f.name in wanted or f.primary_key
    ]


def select_sql(model: type[Model], alias: str, attnames: Sequence[str], prefix: str = "") -> str:
    """The columns of `attnames` by `alias`, each named `prefix` + its column (so that the
    columns of several tables in one SELECT keep distinct names)."""
    columns = {f.attname: f.column for f in model._meta.concrete_fields}
    return ", ".join(f'{alias}."{columns[a]}" AS "{prefix}{columns[a]}"' for a in attnames)


def model_from_row(model: type[M], attnames: Sequence[str], values: Sequence[Any]) -> M:
    """An instance as the ORM builds it from a row (fields not in `attnames` are deferred).
    The values must be what psycopg returns, which is what these models store: none of the
    fields read this way has a database converter (tests/core/test_db.py checks)."""
    return model.from_db(DEFAULT_DB_ALIAS, list(attnames), list(values))


# --- oversikt (issue 12, target 2): several statements in one round trip -----------------


def sql_rows_batch(statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[tuple[Any, ...]]]:
    """The rows of several constant statements that do not depend on each other's results,
    each prepared as by sql_rows, sent together in psycopg's pipeline mode: the server is
    waited for once, not once per statement (each wait is a round trip and two context
    switches on a machine whose cores the web server and PostgreSQL share). A failing
    statement raises as in sql_rows; the statements after it do not run."""
    db = _db()
    with db.wrap_database_errors:
        conn = _raw_connection(db)
        cursors: list[CursorWrapper] = []
        try:
            with conn.pipeline():
                for sql, params in statements:
                    cursor = _cursor(conn, True, db)
                    cursors.append(cursor)
                    cursor.execute(sql, params)
            return [cursor.fetchall() for cursor in cursors]
        finally:
            for cursor in cursors:
                cursor.close()


# --- end oversikt
