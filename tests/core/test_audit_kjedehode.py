"""The audit chain's head table (migration 0015): the same chain as before, whoever writes.

The trigger keeps each partition's last kjede_nr and hash in core_auditlogg_kjede (owner only)
and trusts that entry only for the partition's current file; otherwise it continues from the
partition's real last row. The tests run as the runtime role; the owner is reached through
core.dbroller.owner_connection.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import threading
import zoneinfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from core.audit import AuditEvent, audit_log, audit_log_list, audit_log_many
from core.dbroller import owner_connection
from core.management.commands.revisjon_verifiser import kjede_verify
from core.models import AuditLogg
from core.services import auditlogg_partitions_ensure
from journal.models import Pasient
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def _partition_of(row_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM core_auditlogg WHERE id = %s", [row_id]
        )
        return str(cursor.fetchone()[0])


def _chain(partition: str) -> list[tuple[int, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kjede_nr, forrige_hash, hash FROM core_auditlogg"
            " WHERE tableoid = %s::regclass ORDER BY kjede_nr",
            [partition],
        )
        return list(cursor.fetchall())


def _as_owner(*statements: str) -> None:
    with owner_connection() as eier, eier.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _head(partition: str) -> tuple[int, str] | None:
    with owner_connection() as eier, eier.cursor() as cursor:
        cursor.execute(
            "SELECT kjede_nr, hash FROM core_auditlogg_kjede WHERE partisjon = %s"
            " ORDER BY kjede_nr DESC LIMIT 1",
            [f"public.{partition}"],
        )
        row = cursor.fetchone()
    return None if row is None else (row[0], row[1])


def _write(n: int = 1) -> list[AuditLogg]:
    with transaction.atomic():
        return [audit_log(actor=None, event=AuditEvent.LOGIN_FAILED) for _ in range(n)]


@pytest.mark.parametrize("zone", ["Europe/Oslo", "America/St_Johns", "UTC"])
def test_the_trigger_hashes_the_same_text_the_verifier_checks(zone: str) -> None:
    # given: rows of every shape (nulls, an address, nested and non-ASCII extra data, whole
    # seconds, the DEFAULT partition, an infinite time written by hand)
    auditlogg_partitions_ensure(months=1)
    with transaction.atomic():
        audit_log(actor=None, event=AuditEvent.LOGIN_FAILED)
        audit_log(
            actor=None,
            event=AuditEvent.PASIENT_READ,
            pasient_id=PasientFactory().pk,
            begrunnelse="Øyeblikkelig hjelp – «akutt»",
            extra={"liste": [1, 2.5, None, "æøå"], "nivå": {"b": True, "a": "x\ny"}},
        )
        AuditLogg.objects.create(
            hendelse=AuditEvent.LOGIN_FAILED,
            tidspunkt=dt.datetime(1999, 1, 5, 23, 30, tzinfo=OSLO),
            ip="2001:db8::1",
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO core_auditlogg (tidspunkt, hendelse, aktor_navn, aktor_hpr,"
                " aktor_yrke, rolle, objekt_type, objekt_id, grunnlag, begrunnelse, ip,"
                " request_id, klient_request_id, kanal, ekstra) VALUES"
                " ('infinity', 1, 'x', '', '', '', '', '', '', '', '10.0.0.1', '', '', 'api',"
                " '{}')"
            )
    # when: compared in a session whose time zone is not UTC
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('TimeZone', %s, false)", [zone])
        try:
            cursor.execute(
                "SELECT count(*), count(*) FILTER (WHERE core_auditlogg_kanon_rask(a)"
                " IS DISTINCT FROM core_auditlogg_kanon(a)) FROM core_auditlogg a"
            )
            total, different = cursor.fetchone()
        finally:
            cursor.execute("RESET TimeZone")
    # then
    assert total >= 4
    assert different == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tableoid::regclass::text FROM core_auditlogg")
        partitions = [p for (p,) in cursor.fetchall()]
    assert "core_auditlogg_default" in partitions
    for partition in partitions:
        assert kjede_verify(partition)[1] is None


def test_three_hundred_rows_in_one_statement_chain_in_list_order() -> None:
    # given
    auditlogg_partitions_ensure(months=1)
    pasienter: list[Pasient] = PasientFactory.create_batch(300)
    before = _write()[0]
    # when
    with transaction.atomic():
        antall = audit_log_many(actor=None, event=AuditEvent.PASIENT_LISTED, targets=pasienter)
    # then
    assert antall == 300
    rows = list(AuditLogg.objects.filter(hendelse=AuditEvent.PASIENT_LISTED).order_by("kjede_nr"))
    assert [r.pasient_id for r in rows] == [p.pk for p in pasienter]
    before.refresh_from_db()
    first = (before.kjede_nr or 0) + 1
    assert [r.kjede_nr for r in rows] == list(range(first, first + 300))
    assert rows[0].forrige_hash == before.hash
    assert all(b.forrige_hash == a.hash for a, b in itertools.pairwise(rows))
    assert kjede_verify(_partition_of(rows[0].pk)) == (rows[-1].kjede_nr, None)


def test_a_list_and_its_rows_in_one_values_insert_chain_in_list_order() -> None:
    # given
    auditlogg_partitions_ensure(months=1)
    pasienter: list[Pasient] = PasientFactory.create_batch(40)
    # when: the search's own row, then one per patient shown (core.audit._insert, one
    # INSERT … VALUES of 41 rows)
    with transaction.atomic():
        audit_log_list(
            actor=None,
            event=AuditEvent.PASIENT_SEARCHED,
            extra={"sok": "x"},
            listed_event=AuditEvent.PASIENT_LISTED,
            targets=pasienter,
        )
    # then
    rows = list(AuditLogg.objects.order_by("kjede_nr"))[-41:]
    assert rows[0].hendelse == AuditEvent.PASIENT_SEARCHED
    assert [r.pasient_id for r in rows[1:]] == [p.pk for p in pasienter]
    numbers = [r.kjede_nr or 0 for r in rows]
    assert numbers == list(range(numbers[0], numbers[0] + 41))
    assert all(b.forrige_hash == a.hash for a, b in itertools.pairwise(rows))
    assert kjede_verify(_partition_of(rows[0].pk))[1] is None


def test_a_new_partition_chains_from_one() -> None:
    # given: a month prepared by the workers' function (created in this test's transaction)
    with connection.cursor() as cursor:
        cursor.execute("SELECT core_auditlogg_ensure_partitions('2099-03-01', 1)")
    # when
    with transaction.atomic():
        rows = [
            AuditLogg.objects.create(
                hendelse=AuditEvent.LOGIN_FAILED,
                tidspunkt=dt.datetime(2099, 3, day, 12, tzinfo=OSLO),
            )
            for day in (1, 2, 3)
        ]
    # then
    assert {_partition_of(r.pk) for r in rows} == {"core_auditlogg_2099_03"}
    chain = _chain("core_auditlogg_2099_03")
    assert [nr for nr, _, _ in chain] == [1, 2, 3]
    assert chain[0][1] == ""
    assert chain[1][1] == chain[0][2]
    assert chain[2][1] == chain[1][2]
    assert kjede_verify("core_auditlogg_2099_03") == (3, None)


def test_runtime_role_can_neither_read_nor_move_the_chain_head() -> None:
    # given
    _write()
    # when / then
    for statement in (
        "SELECT * FROM core_auditlogg_kjede",
        "UPDATE core_auditlogg_kjede SET kjede_nr = 0",
        "DELETE FROM core_auditlogg_kjede",
        "INSERT INTO core_auditlogg_kjede VALUES ('public.x', 1, 0, '')",
        "TRUNCATE core_auditlogg_kjede",
    ):
        with (
            pytest.raises(DatabaseError, match="permission denied"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_single_rows_and_lists_keep_one_chain() -> None:
    # given: no head rows at all (as for a new partition), eight connections, each writing
    # transactions of one row, of three rows and of a 20-patient list, all at once
    auditlogg_partitions_ensure(months=1)
    pasienter: list[Pasient] = PasientFactory.create_batch(20)
    _as_owner("DELETE FROM core_auditlogg_kjede")
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def write(thread: int) -> None:
        try:
            start.wait()
            for k in range(4):
                with transaction.atomic():
                    merke = {"t": thread, "k": k}
                    audit_log(actor=None, event=AuditEvent.LOGIN_FAILED, extra=merke)
                    if k % 2:
                        audit_log_many(
                            actor=None,
                            event=AuditEvent.PASIENT_LISTED,
                            targets=pasienter,
                            extra=merke,
                        )
                    else:
                        for _ in range(2):
                            audit_log(actor=None, event=AuditEvent.LOGIN_FAILED, extra=merke)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    # when
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then: 8 × (2 × 3 + 2 × 21) rows numbered 1 … N without a gap or a repeat, each
    # transaction's rows side by side, the head at the last row, and the verifier content
    assert errors == []
    rows = list(AuditLogg.objects.order_by("kjede_nr").values_list("kjede_nr", "ekstra", "hash"))
    assert len(rows) == 8 * (2 * 3 + 2 * 21)
    assert [nr for nr, _, _ in rows] == list(range(1, len(rows) + 1))
    runs = [key for key, _ in itertools.groupby(rows, key=lambda r: (r[1]["t"], r[1]["k"]))]
    assert len(runs) == len(set(runs)) == 32
    partition = _partition_of(AuditLogg.objects.only("id").first().pk)  # type: ignore[union-attr]
    assert _head(partition) == (rows[-1][0], rows[-1][2])
    call_command("revisjon_verifiser")


@pytest.mark.django_db(transaction=True)
def test_rows_written_before_the_head_existed_are_chained_on() -> None:
    # given: three rows, then the head row lost (as for rows written before migration 0015)
    auditlogg_partitions_ensure(months=1)
    first = _write(3)
    partition = _partition_of(first[0].pk)
    _as_owner(f"DELETE FROM core_auditlogg_kjede WHERE partisjon = 'public.{partition}'")  # noqa: S608
    # when
    _write(2)
    # then
    chain = _chain(partition)
    assert [nr for nr, _, _ in chain] == [1, 2, 3, 4, 5]
    assert chain[3][1] == chain[2][2]
    call_command("revisjon_verifiser")


@pytest.mark.django_db(transaction=True)
def test_after_truncate_the_chain_starts_again_from_one() -> None:
    # given: rows, then the log emptied by the owner (as Django's flush between tests does)
    auditlogg_partitions_ensure(months=1)
    partition = _partition_of(_write(3)[0].pk)
    _as_owner("TRUNCATE core_auditlogg")
    # when
    _write(2)
    # then
    assert [(nr, forrige != "") for nr, forrige, _ in _chain(partition)] == [
        (1, False),
        (2, True),
    ]
    call_command("revisjon_verifiser")


@pytest.mark.django_db(transaction=True)
def test_removing_the_newest_row_is_found_once_the_next_row_is_written() -> None:
    # given: three rows, the newest removed by the owner with the append-only trigger off
    auditlogg_partitions_ensure(months=1)
    rows = _write(3)
    partition = _partition_of(rows[0].pk)
    _as_owner(
        f"ALTER TABLE {partition} DISABLE TRIGGER core_auditlogg_no_update_delete",
        f"DELETE FROM {partition} WHERE id = {rows[2].pk}",  # noqa: S608
        f"ALTER TABLE {partition} ENABLE TRIGGER core_auditlogg_no_update_delete",
    )
    # when: the next row is chained to the removed row, not to the one before it
    (neste,) = _write()
    # then
    with pytest.raises(CommandError, match=f"rad id={neste.pk}.*rad mangler"):
        call_command("revisjon_verifiser")


@pytest.mark.django_db(transaction=True)
def test_the_head_is_found_directly_while_a_long_transaction_keeps_old_versions() -> None:
    # given: another connection holds a snapshot open (as pg_dump or the verifier's cursor
    # do) while 600 audit rows are committed one by one
    auditlogg_partitions_ensure(months=1)
    partition = _partition_of(_write()[0].pk)
    reader = connections.create_connection("default")
    try:
        with reader.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT count(*) FROM core_auditlogg")
            for _ in range(600):
                _write()
            # when: the trigger's lookup of the partition's head, as the owner
            with owner_connection() as eier, eier.cursor() as owner_cursor:
                # The file's number as a value, as the trigger has it; and the index path the
                # trigger's lookup always takes (it plans with sequential scans off: core 0016).
                owner_cursor.execute("SELECT pg_relation_filenode(%s::regclass)", [partition])
                (filnode,) = owner_cursor.fetchone()
                owner_cursor.execute("SET enable_seqscan = off")
                owner_cursor.execute(
                    "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF)"
                    " SELECT kjede_nr, hash, filnode FROM core_auditlogg_kjede"
                    " WHERE partisjon = %s AND filnode = %s"
                    " ORDER BY kjede_nr DESC LIMIT 1",
                    [f"public.{partition}", filnode],
                )
                plan = "\n".join(line for (line,) in owner_cursor.fetchall())
            cursor.execute("COMMIT")
    finally:
        reader.close()
    # then: a few pages (the index's root and leaf, one heap page), not one per version
    pages = [int(n) for n in re.findall(r"shared hit=(\d+)", plan.split("Planning")[0])]
    assert pages
    assert max(pages) <= 5, plan
    assert _head(partition) == (_chain(partition)[-1][0], _chain(partition)[-1][2])


def test_the_trigger_finds_the_head_by_its_index_when_a_table_scan_looks_cheaper() -> None:
    # given: a new session (nothing planned yet) where reading a table whole looks cheaper
    # than an index, as it does for the head table once ANALYZE has counted its dozen live
    # entries among thousands of pages of dead ones (issue 12: 19 ms of trigger time for a
    # name search's 21 audit rows on the side-by-side database)
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SET LOCAL seq_page_cost = 0")
            cursor.execute("SET LOCAL random_page_cost = 1000")
            # when: an audit row is written
            cursor.execute(
                "INSERT INTO core_auditlogg (tidspunkt, hendelse, aktor_navn, aktor_hpr,"
                " aktor_yrke, rolle, objekt_type, objekt_id, grunnlag, begrunnelse, request_id,"
                " kanal, ekstra, forrige_hash, hash, klient_request_id)"
                " VALUES (now(), %s, '', '', '', '', '', '', '', '', '', '', '{}', '', '', '')",
                [AuditEvent.LOGIN_FAILED.value],
            )
            cursor.execute(
                "SELECT seq_scan, idx_scan FROM pg_stat_xact_user_tables"
                " WHERE relname = 'core_auditlogg_kjede'"
            )
            seq_scan, idx_scan = cursor.fetchone()
            cursor.execute("ROLLBACK")
    finally:
        other.close()
    # then: the trigger looked the head up (and removed the old one) by the primary key,
    # never reading the table whole
    assert seq_scan == 0
    assert idx_scan >= 1
