"""The application's database role cannot erase the audit trail (issue 13 §3).

The tests run as the runtime role (tests/conftest.py), the role of web and workers; the
owner that ran the migrations is reached through core.dbroller.owner_connection.
"""

from __future__ import annotations

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from core.audit import AuditEvent, audit_log
from core.dbroller import PROTECTED, owner_connection, superuser_refuse
from core.models import AuditLogg
from core.services import auditlogg_partitions_ensure

pytestmark = pytest.mark.django_db


def _partition_of(row_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM core_auditlogg WHERE id = %s", [row_id]
        )
        return str(cursor.fetchone()[0])


def _one_row() -> AuditLogg:
    auditlogg_partitions_ensure(months=1)
    with transaction.atomic():
        return audit_log(actor=None, event=AuditEvent.LOGIN_FAILED)


def _refused(statement: str) -> str:
    with (
        pytest.raises(DatabaseError) as caught,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    return str(caught.value)


def test_the_application_is_neither_superuser_nor_owner() -> None:
    # when
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,"
            " pg_get_userbyid(c.relowner) = current_user"
            " FROM pg_roles r, pg_class c"
            " WHERE r.rolname = current_user AND c.relname = 'core_auditlogg'"
        )
        row = cursor.fetchone()
    # then
    assert row == (False, False, False, False, False)


@pytest.mark.parametrize("table", ["core_auditlogg", "journal_journalnotatversjon"])
def test_runtime_role_cannot_disable_a_trigger(table: str) -> None:
    # when / then
    message = _refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
    assert "must be owner" in message


def test_runtime_role_cannot_disable_the_trigger_of_a_partition() -> None:
    # given
    partition = _partition_of(_one_row().pk)
    # when / then
    assert "must be owner" in _refused(f"ALTER TABLE {partition} DISABLE TRIGGER USER")


def test_runtime_role_cannot_truncate_a_partition_or_the_table() -> None:
    # given
    row = _one_row()
    partition = _partition_of(row.pk)
    # when / then
    assert "permission denied" in _refused(f"TRUNCATE {partition}")
    assert "permission denied" in _refused("TRUNCATE core_auditlogg")
    assert AuditLogg.objects.filter(pk=row.pk).exists()


def test_runtime_role_cannot_set_session_replication_role() -> None:
    # when / then: the setting that skips every trigger is for superusers only
    assert "permission denied" in _refused("SET session_replication_role = replica")


def test_runtime_role_cannot_change_an_audit_row_even_in_its_partition() -> None:
    # given
    row = _one_row()
    partition = _partition_of(row.pk)
    # when / then
    for statement in (
        f"UPDATE core_auditlogg SET aktor_navn = 'x' WHERE id = {row.pk}",  # noqa: S608
        f"DELETE FROM core_auditlogg WHERE id = {row.pk}",  # noqa: S608
        f"UPDATE {partition} SET aktor_navn = 'x' WHERE id = {row.pk}",  # noqa: S608
        f"DELETE FROM {partition} WHERE id = {row.pk}",  # noqa: S608
    ):
        assert "permission denied" in _refused(statement)
    row.refresh_from_db()
    assert row.aktor_navn == ""


@pytest.mark.parametrize("table", PROTECTED)
def test_write_once_tables_allow_only_insert_and_select(table: str) -> None:
    # when
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT privilege_type FROM information_schema.table_privileges"
            " WHERE grantee = current_user AND table_name = %s ORDER BY 1",
            [table],
        )
        rights = [r for (r,) in cursor.fetchall()]
    # then
    assert rights == ["INSERT", "SELECT"]


def test_runtime_role_cannot_create_tables_or_drop_them() -> None:
    # when / then
    assert "permission denied" in _refused("CREATE TABLE kj_inntrenger (id int)")
    assert "must be owner" in _refused("DROP TABLE journal_journalnotatversjon")


def test_runtime_role_can_still_prepare_next_months_partitions() -> None:
    # when: the worker's nightly task, through the owner's SECURITY DEFINER function
    auditlogg_partitions_ensure(months=14)
    # then
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'core_auditlogg'::regclass"
        )
        assert cursor.fetchone()[0] >= 15


def test_every_partition_keeps_the_append_only_trigger() -> None:
    # given
    row = _one_row()
    # then: the trigger is on the row's partition, enabled
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = 'core_auditlogg_no_update_delete'"
            " AND tgrelid = %s::regclass",
            [_partition_of(row.pk)],
        )
        assert cursor.fetchone() == ("O",)


def test_production_refuses_a_superuser_connection() -> None:
    # given: the machine's superuser (trust authentication on dev, test and CI servers)
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from config.settings import production

    default = connections["default"]
    superuser = default.__class__({**default.settings_dict, "USER": "postgres"}, "default")
    # when / then
    assert production.DATABASE_NEKT_SUPERBRUKER is True
    assert settings.DATABASE_NEKT_SUPERBRUKER is False
    superuser_refuse(connection)  # the runtime role passes
    try:
        with pytest.raises(ImproperlyConfigured, match="superbruker"):
            superuser_refuse(superuser)
    finally:
        superuser.close()


# --- tamper evidence ---------------------------------------------------------------------


def test_each_row_is_chained_to_the_previous_row_of_its_partition() -> None:
    # given
    auditlogg_partitions_ensure(months=1)
    # when
    with transaction.atomic():
        rows = [audit_log(actor=None, event=AuditEvent.LOGIN_FAILED) for _ in range(3)]
    # then
    chained = list(
        AuditLogg.objects.filter(pk__in=[r.pk for r in rows])
        .order_by("kjede_nr")
        .values_list("kjede_nr", "forrige_hash", "hash")
    )
    numbers = [nr or 0 for nr, _, _ in chained]
    assert numbers == list(range(numbers[0], numbers[0] + 3))
    assert chained[1][1] == chained[0][2]
    assert chained[2][1] == chained[1][2]
    assert all(len(h) == 64 for _, _, h in chained)


@pytest.mark.django_db(transaction=True)
def test_verifier_passes_an_untouched_log_and_names_the_first_tampered_row() -> None:
    # given: a few rows, committed
    auditlogg_partitions_ensure(months=1)
    for _ in range(4):
        with transaction.atomic():
            audit_log(actor=None, event=AuditEvent.LOGIN_FAILED, extra={"brukernavn": "x"})
    ids = list(AuditLogg.objects.order_by("kjede_nr").values_list("id", flat=True))
    partition = _partition_of(ids[1])
    call_command("revisjon_verifiser")  # no CommandError: the chain is whole
    # when: the owner (who alone can) disables the trigger and rewrites the second row
    with owner_connection() as eier, eier.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {partition} DISABLE TRIGGER core_auditlogg_no_update_delete")
        cursor.execute(
            f"UPDATE {partition} SET aktor_navn = 'Noen andre' WHERE id = %s",  # noqa: S608
            [ids[1]],
        )
        cursor.execute(f"ALTER TABLE {partition} ENABLE TRIGGER core_auditlogg_no_update_delete")
    # then
    with pytest.raises(CommandError) as caught:
        call_command("revisjon_verifiser")
    assert f"rad id={ids[1]}" in str(caught.value)
    assert "endret" in str(caught.value)


@pytest.mark.django_db(transaction=True)
def test_verifier_finds_a_removed_row() -> None:
    # given
    auditlogg_partitions_ensure(months=1)
    for _ in range(3):
        with transaction.atomic():
            audit_log(actor=None, event=AuditEvent.LOGIN_FAILED)
    ids = list(AuditLogg.objects.order_by("kjede_nr").values_list("id", flat=True))
    partition = _partition_of(ids[0])
    # when
    with owner_connection() as eier, eier.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {partition} DISABLE TRIGGER core_auditlogg_no_update_delete")
        cursor.execute(f"DELETE FROM {partition} WHERE id = %s", [ids[1]])  # noqa: S608
        cursor.execute(f"ALTER TABLE {partition} ENABLE TRIGGER core_auditlogg_no_update_delete")
    # then
    with pytest.raises(CommandError, match=f"rad id={ids[2]}.*rad mangler"):
        call_command("revisjon_verifiser")


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain() -> None:
    # given: eight threads, each its own connection, each writing five rows per transaction
    auditlogg_partitions_ensure(months=1)
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def write() -> None:
        try:
            start.wait()
            for _ in range(3):
                with transaction.atomic():
                    for _ in range(5):
                        audit_log(actor=None, event=AuditEvent.LOGIN_FAILED)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(8)]
    # when
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then
    assert errors == []
    assert AuditLogg.objects.count() == 120
    call_command("revisjon_verifiser")
