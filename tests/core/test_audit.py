"""The audit log is append-only in PostgreSQL and records who, where and how."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from core.audit import AuditEvent, audit_log
from core.context import RequestContext, request_context
from core.models import Ansatt, AuditLogg
from journal.models import Pasient

pytestmark = pytest.mark.django_db


def _row(actor: Ansatt, pasient: Pasient) -> AuditLogg:
    ctx = RequestContext(request_id="req-abc-123", ip="10.1.2.3", kanal="web", rolle_kode="lege")
    with request_context(ctx), transaction.atomic():
        return audit_log(
            actor=actor, event=AuditEvent.PASIENT_READ, target=pasient, pasient_id=pasient.pk
        )


def test_row_records_actor_context_and_target(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    row = _row(lege_med_relasjon, pasient)
    # then
    row.refresh_from_db()
    assert row.aktor_navn == "Lise Lege"
    assert row.aktor_hpr == lege_med_relasjon.hpr_nummer
    assert (row.request_id, row.ip, row.rolle) == ("req-abc-123", "10.1.2.3", "lege")
    assert (row.objekt_type, row.objekt_id) == ("journal.Pasient", str(pasient.pk))


def test_postgres_rejects_update(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    row = _row(lege_med_relasjon, pasient)
    # when / then
    # the application's role may not (core/dbroller.py); the owner is stopped by the trigger
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        AuditLogg.objects.filter(pk=row.pk).update(aktor_navn="Noen andre")
    row.refresh_from_db()
    assert row.aktor_navn == "Lise Lege"


def test_postgres_rejects_delete_even_in_raw_sql(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    row = _row(lege_med_relasjon, pasient)
    # when / then
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditlogg WHERE id = %s", [row.pk])
    assert AuditLogg.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_audit_outside_a_transaction_is_refused(lege_med_relasjon: Ansatt) -> None:
    # given: autocommit, no transaction.atomic() around the call
    assert not connection.in_atomic_block
    # when / then: a row that could commit without its change is never written
    with pytest.raises(RuntimeError, match=r"inside transaction\.atomic"):
        audit_log(actor=lege_med_relasjon, event=AuditEvent.LOGIN_OK)
    assert not AuditLogg.objects.exists()
