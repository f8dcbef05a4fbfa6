"""Constant SQL on the request path runs prepared (core.db, issue 12)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from psycopg._queries import _query2pg

from core.acting import acting_as
from core.db import sql_rows, sql_rows_batch
from core.models import Ansatt, Enhet, Kommune
from journal.models import Paaroerende, Pasient
from journal.selectors import pasient_get
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_patient_read_is_parsed_once_per_connection(
    lege_med_relasjon: Ansatt, enhet: Enhet
) -> None:
    # given: two patients of the unit
    first, second = PasientFactory(relasjon_til=enhet), PasientFactory(relasjon_til=enhet)
    with acting_as(lege_med_relasjon, enhet):
        # when: both are read
        pasient_get(actor=lege_med_relasjon, pasient_id=first.pk)
        pasient_get(actor=lege_med_relasjon, pasient_id=second.pk)
    # then: the read with its audit insert is one prepared statement of this connection,
    # prepared once, with the values as parameters
    statements = prepared_statements()
    reads = [s for s in statements if "FROM journal_pasient p LEFT JOIN core_kommune" in s]
    assert len(reads) == 1, statements
    assert 'INSERT INTO "core_auditlogg"' in reads[0]
    assert str(first.pk) not in reads[0]
    assert "$1" in reads[0]


def test_the_query_log_shows_prepared_statements_with_their_values(
    lege_med_relasjon: Ansatt, enhet: Enhet
) -> None:
    pasient = PasientFactory(relasjon_til=enhet)
    with CaptureQueriesContext(connection) as captured:
        rows = sql_rows("SELECT etternavn FROM journal_pasient WHERE id = %s", [pasient.pk])
    assert rows == [(pasient.etternavn,)]
    assert captured.captured_queries[-1]["sql"] == (
        f"SELECT etternavn FROM journal_pasient WHERE id = '{pasient.pk.hex}'::uuid"  # noqa: S608
    )


@pytest.mark.parametrize("model", [Pasient, Kommune, Ansatt, Paaroerende])
def test_models_read_from_rows_need_no_database_converters(model: type[Model]) -> None:
    # core.db.model_from_row takes psycopg's values as they are, as the ORM does only for
    # fields without converters; a field with one (an encrypted or custom field) must be
    # read through the ORM instead.
    assert [f.name for f in model._meta.concrete_fields if f.get_db_converters(connection)] == []


def test_a_long_constant_statement_is_converted_once() -> None:
    # psycopg remembers the `%s` → `$n` conversion only of short statements with few
    # parameters; core.db's cursor remembers every constant statement (a patient read is
    # over 4 kB with about 45 parameters)
    values = list(range(60))
    padding = "/*" + "x" * 4200 + "*/"
    sql = f"SELECT {' + '.join(['%s::int'] * len(values))} {padding}"
    before = _query2pg.cache_info()
    assert sql_rows(sql, values) == [(sum(values),)]
    assert sql_rows(sql, values) == [(sum(values),)]
    after = _query2pg.cache_info()
    assert after.hits >= before.hits + 1


# --- oversikt (issue 12, target 2)


def test_a_batch_gives_each_statements_rows_in_order_and_prepares_them() -> None:
    # given: two patients and three statements, one of them without rows
    first, second = PasientFactory(), PasientFactory()
    by_id = "SELECT etternavn FROM journal_pasient WHERE id = %s"
    count = "SELECT count(*) FROM journal_pasient WHERE id IN (%s, %s)"
    # when
    with CaptureQueriesContext(connection) as captured:
        rows = sql_rows_batch(
            [
                (by_id, [first.pk]),
                (count, [first.pk, second.pk]),
                (by_id, [PasientFactory.build().pk]),
            ]
        )
    # then: the rows of each, in the order given, each logged and run as a prepared statement
    assert rows == [[(first.etternavn,)], [(2,)], []]
    assert len(captured.captured_queries) == 3
    assert any(s.startswith("SELECT count(*) FROM journal_pasient") for s in prepared_statements())
