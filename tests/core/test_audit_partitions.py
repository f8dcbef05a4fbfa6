"""The audit log is partitioned by month and a read fails when its audit row cannot be written."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.db import DatabaseError, connection, transaction

from core.audit import AuditEvent, audit_log
from core.dbroller import owner_connection
from core.models import Ansatt, AuditLogg
from core.services import auditlogg_partitions_ensure
from journal.models import Pasient
from journal.selectors import pasient_get
from tests.acting import acting_as

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def _partition_of(row_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM core_auditlogg WHERE id = %s", [row_id]
        )
        return str(cursor.fetchone()[0])


def test_rows_land_in_their_month_partition() -> None:
    # given
    auditlogg_partitions_ensure(months=12)
    now = dt.datetime.now(tz=OSLO)
    # when
    with transaction.atomic():
        this_month = audit_log(actor=None, event=AuditEvent.LOGIN_FAILED)
        far_past = AuditLogg.objects.create(
            hendelse=AuditEvent.LOGIN_FAILED, tidspunkt=dt.datetime(1999, 1, 5, tzinfo=OSLO)
        )
    # then
    assert _partition_of(this_month.pk) == f"core_auditlogg_{now:%Y_%m}"
    assert _partition_of(far_past.pk) == "core_auditlogg_default"


def test_partitions_are_prepared_ahead_idempotently() -> None:
    # when
    auditlogg_partitions_ensure(months=12)
    auditlogg_partitions_ensure(months=12)
    # then
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'core_auditlogg'::regclass"
        )
        assert cursor.fetchone()[0] >= 13  # 12 months + default


def test_update_and_delete_are_rejected_on_every_partition() -> None:
    # given
    with transaction.atomic():
        row = audit_log(actor=None, event=AuditEvent.LOGIN_FAILED)
    partition = _partition_of(row.pk)
    # when / then
    for sql in (
        f"UPDATE {partition} SET aktor_navn = 'x' WHERE id = %s",  # noqa: S608
        f"DELETE FROM {partition} WHERE id = %s",  # noqa: S608
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [row.pk])
    assert AuditLogg.objects.filter(pk=row.pk, aktor_navn="").exists()


@pytest.mark.django_db(transaction=True)
def test_read_fails_closed_when_the_audit_row_cannot_be_written(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given: the audit table refuses new rows (as if the disk or table were broken); only
    # the owner may change the table, the application's role may not
    with owner_connection() as eier, eier.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE core_auditlogg ADD CONSTRAINT test_nekt CHECK (hendelse < 0) NOT VALID"
        )
    try:
        # when / then: the patient is not returned
        with acting_as(lege_med_relasjon), pytest.raises(DatabaseError):
            pasient_get(actor=lege_med_relasjon, pasient_id=pasient.pk)
    finally:
        with owner_connection() as eier, eier.cursor() as cursor:
            cursor.execute("ALTER TABLE core_auditlogg DROP CONSTRAINT test_nekt")
