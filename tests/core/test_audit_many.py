"""audit_log_many: one row per object in a single INSERT, the same rows audit_log writes,
chained by the hash-chain trigger in list order."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import RequestContext, request_context
from core.management.commands.revisjon_verifiser import kjede_verify
from core.models import Ansatt, AuditLogg
from journal.models import Pasient
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db

CTX = RequestContext(request_id="req-many-1", ip="10.1.2.3", kanal="api", rolle_kode="lege")
CHAIN = ("id", "tidspunkt", "kjede_nr", "forrige_hash", "hash")


def _content(row: AuditLogg) -> dict[str, object]:
    return {k: v for k, v in model_to_dict(row).items() if k not in CHAIN}


def test_rows_are_those_audit_log_writes_one_per_target_in_one_insert(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given: three patients shown in a list
    pasienter: list[Pasient] = [pasient, PasientFactory(), PasientFactory()]
    extra = {"dato": "2030-01-07", "liste": "mine"}
    with request_context(CTX), transaction.atomic():
        # when
        with CaptureQueriesContext(connection) as queries:
            antall = audit_log_many(
                actor=lege_med_relasjon,
                event=AuditEvent.PASIENT_LISTED,
                targets=pasienter,
                grunnlag="relasjon",
                extra=extra,
            )
        ids = [
            audit_log(
                actor=lege_med_relasjon,
                event=AuditEvent.PASIENT_LISTED,
                target=p,
                pasient_id=p.pk,
                grunnlag="relasjon",
                extra=extra,
            ).pk
            for p in pasienter
        ]
    # then: one statement, and field by field the rows audit_log writes one at a time
    assert antall == 3
    assert len(queries.captured_queries) == 1
    many = list(
        AuditLogg.objects.filter(request_id="req-many-1").exclude(pk__in=ids).order_by("kjede_nr")
    )
    single = list(AuditLogg.objects.filter(pk__in=ids).order_by("kjede_nr"))
    assert [_content(r) for r in many] == [_content(r) for r in single]
    assert [r.pasient_id for r in many] == [p.pk for p in pasienter]
    assert many[0].aktor_navn == "Lise Lege"
    assert (many[0].ip, many[0].kanal, many[0].rolle) == ("10.1.2.3", "api", "lege")
    assert many[0].ekstra == extra


def test_rows_are_chained_in_list_order_and_the_chain_verifies(
    lege_med_relasjon: Ansatt,
) -> None:
    # given
    pasienter: list[Pasient] = [PasientFactory() for _ in range(5)]
    # when: two calls in one transaction, then a single row after them
    with request_context(CTX), transaction.atomic():
        audit_log_many(
            actor=lege_med_relasjon, event=AuditEvent.PASIENT_LISTED, targets=pasienter[:3]
        )
        audit_log_many(
            actor=lege_med_relasjon, event=AuditEvent.PASIENT_LISTED, targets=pasienter[3:]
        )
        siste = audit_log(actor=lege_med_relasjon, event=AuditEvent.PASIENT_READ)
    # then: numbered 1 apart in the order given, each pointing at the hash before it
    rows = list(AuditLogg.objects.filter(request_id="req-many-1").order_by("kjede_nr", "id"))
    assert [r.pasient_id for r in rows[:5]] == [p.pk for p in pasienter]
    assert rows[-1].pk == siste.pk
    numbers = [r.kjede_nr or 0 for r in rows]
    assert numbers == list(range(numbers[0], numbers[0] + 6))
    assert all(b.forrige_hash == a.hash for a, b in itertools.pairwise(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM core_auditlogg WHERE id = %s", [siste.pk]
        )
        (partition,) = cursor.fetchone()
    checked, broken = kjede_verify(partition)
    assert broken is None
    assert checked >= 6


def test_nothing_shown_writes_nothing(lege_med_relasjon: Ansatt) -> None:
    # when
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        antall = audit_log_many(
            actor=lege_med_relasjon, event=AuditEvent.PASIENT_LISTED, targets=[]
        )
    # then
    assert antall == 0
    assert queries.captured_queries == []
