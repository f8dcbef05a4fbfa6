"""The name search's audit rows (issue 12, navn60): written by the search's own statement
(journal.access.navnesok.pasienter_soek with core.audit.audit_rows_list), they must be the
rows core.audit.audit_log_list writes for the same page: the search's row with `treff` and
`side`, then one row per patient shown in the page's order, all at one time.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.audit import AuditEvent, audit_log_list
from core.models import Ansatt, AuditLogg, Enhet
from journal.access import navnesok as access
from journal.selectors import pasient_search
from tests.acting import acting_as
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db

# What a row says (all but its id, time and place in the chain).
_FELTER = (
    "hendelse",
    "aktor_id",
    "aktor_navn",
    "aktor_hpr",
    "aktor_yrke",
    "rolle",
    "enhet_id",
    "pasient_id",
    "objekt_type",
    "objekt_id",
    "grunnlag",
    "begrunnelse",
    "ip",
    "request_id",
    "klient_request_id",
    "kanal",
    "ekstra",
)


def _rows_after(kjede_nr: int) -> list[AuditLogg]:
    return list(AuditLogg.objects.filter(kjede_nr__gt=kjede_nr).order_by("kjede_nr"))


def _last() -> int:
    last = AuditLogg.objects.order_by("-kjede_nr").values_list("kjede_nr", flat=True).first()
    return last or 0


def _said(rows: list[AuditLogg]) -> list[tuple[Any, ...]]:
    return [tuple(getattr(r, f) for f in _FELTER) for r in rows]


@pytest.mark.parametrize("stor", [10, 1_000_000])
@pytest.mark.parametrize(("sok", "side"), [("lie", 1), ("lie", 2), ("lie", 3), ("xq", 1)])
def test_the_search_writes_the_rows_audit_log_list_writes_for_its_page(
    monkeypatch: pytest.MonkeyPatch,
    lege_med_relasjon: Ansatt,
    enhet: Enhet,
    annen_enhet: Enhet,
    stor: int,
    sok: str,
    side: int,
) -> None:
    # given: 25 of the unit's "Lie" patients (pages of 20: a full page, a part page, an
    # empty one) among another unit's, and a large or a small unit for the search
    monkeypatch.setattr(access, "STOR_ENHET", stor)
    PasientFactory.create_batch(12, relasjon_til=enhet, etternavn="Dahl")
    for i in range(25):
        PasientFactory(relasjon_til=enhet, etternavn=f"Lie{i:02d}a")
        PasientFactory(relasjon_til=annen_enhet, etternavn=f"Lie{i:02d}b")
    before = _last()
    # when
    with acting_as(lege_med_relasjon):
        page = pasient_search(actor=lege_med_relasjon, sok=sok, side=side).side
        written = _rows_after(before)
        after = _last()
        # the rows audit_log_list writes for the same page, for comparison
        with transaction.atomic():
            audit_log_list(
                actor=lege_med_relasjon,
                event=AuditEvent.PASIENT_SEARCHED,
                extra={"sok": sok, "sokemate": "navn", "side": side, "treff": len(page.items)},
                listed_event=AuditEvent.PASIENT_LISTED,
                targets=page.items,
                listed_extra={"sokemate": "navn"},
            )
        expected = _rows_after(after)
    # then: the same rows, in the same order (the search's first, then the page's
    # patients as shown), at one time
    assert len(written) == 1 + len(page.items) == 1 + {1: 20, 2: 5, 3: 0}[side] * (sok == "lie")
    assert _said(written) == _said(expected)
    assert [r.pasient_id for r in written[1:]] == [p.pk for p in page.items]
    assert written[0].ekstra == {
        "sok": sok,
        "sokemate": "navn",
        "side": side,
        "treff": len(page.items),
    }
    assert len({r.tidspunkt for r in written}) == 1


def test_a_name_search_is_one_statement_and_commits_its_audit_rows(
    lege_med_relasjon: Ansatt, enhet: Enhet
) -> None:
    # given
    PasientFactory.create_batch(3, relasjon_til=enhet, etternavn="Holm")
    before = _last()
    # when: outside any transaction of the caller's but the test's own
    with acting_as(lege_med_relasjon), CaptureQueriesContext(connection) as captured:
        found = pasient_search(actor=lege_med_relasjon, sok="holm").side.items
    # then: one statement, no savepoint around it, and its four audit rows
    assert [q["sql"][:40] for q in captured.captured_queries if "SAVEPOINT" in q["sql"]] == []
    assert len(captured.captured_queries) == 1
    assert len(found) == 3
    assert len(_rows_after(before)) == 4
