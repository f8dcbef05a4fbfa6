"""Name search for a unit related to many patients (issue 12): journal.access starts from the
name index and checks the rule per candidate when the unit has more than STOR_ENHET open
relationships, and from the unit's relationships otherwise. Both must find the same patients,
in the same order and pages, whatever the name matches outside the unit.

STOR_ENHET is lowered here so a "large" unit needs a dozen relationships, not 5,000.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from core.klokke import naa
from core.models import Ansatt, Enhet
from journal.access import navnesok as access
from journal.models import Pasient, Sperring, SperringMal, TilgangType, UtvidetTilgang
from journal.selectors import pasient as selectors_pasient
from tests.acting import acting_as
from tests.factories import PasientFactory
from tests.journal.test_pasient_soek_plan import prepared_plans

pytestmark = pytest.mark.django_db

STOR = 10  # a unit with more open relationships than this searches by name first


def search(ansatt: Ansatt, sok: str, side: int = 1, storrelse: int = 20) -> tuple[list[str], bool]:
    from journal.selectors import pasient_search

    with acting_as(ansatt):
        page = pasient_search(actor=ansatt, sok=sok, side=side, storrelse=storrelse).side
    return [p.etternavn for p in page.items], page.har_neste


def both_ways(
    monkeypatch: pytest.MonkeyPatch, ansatt: Ansatt, sok: str, side: int = 1, storrelse: int = 20
) -> tuple[list[str], bool]:
    """The search as a large unit (first names sorted, and first names walked in surname
    order as for a common first name) and as a small one; asserts they agree."""
    monkeypatch.setattr(access, "STOR_ENHET", STOR)
    large = search(ansatt, sok, side, storrelse)
    monkeypatch.setattr(selectors_pasient, "TETT_FORNAVN", 0)
    walked = search(ansatt, sok, side, storrelse)
    monkeypatch.setattr(access, "STOR_ENHET", 1_000_000)
    small = search(ansatt, sok, side, storrelse)
    monkeypatch.undo()
    assert large == walked == small
    return large


def test_many_name_matches_outside_the_unit_do_not_hide_the_units_patients(
    monkeypatch: pytest.MonkeyPatch, lege_med_relasjon: Ansatt, enhet: Enhet, annen_enhet: Enhet
) -> None:
    # given: a large unit (more than STOR relationships), and 60 "Berg..." patients of another
    # unit that sort before the unit's own three, which sort last
    PasientFactory.create_batch(STOR + 5, relasjon_til=enhet, etternavn="Hansen")
    for i in range(60):
        PasientFactory(relasjon_til=annen_enhet, etternavn=f"Berg{i:02d}")
    for name in ("Bergzz", "Bergzy", "Bergzx"):
        PasientFactory(relasjon_til=enhet, etternavn=name)
    PasientFactory(etternavn="Berga")  # nobody's patient
    # when
    found, more = both_ways(monkeypatch, lege_med_relasjon, "berg")
    # then: exactly the unit's three, in name order
    assert found == ["Bergzx", "Bergzy", "Bergzz"]
    assert not more


def test_pages_are_the_same_for_a_large_unit(
    monkeypatch: pytest.MonkeyPatch, lege_med_relasjon: Ansatt, enhet: Enhet, annen_enhet: Enhet
) -> None:
    # given: 25 "Lie" patients of the unit interleaved in name order with 25 of another unit
    for i in range(25):
        PasientFactory(relasjon_til=enhet, etternavn=f"Lie{i:02d}a")
        PasientFactory(relasjon_til=annen_enhet, etternavn=f"Lie{i:02d}b")
    # when: pages of 10
    pages = [both_ways(monkeypatch, lege_med_relasjon, "lie", side, 10) for side in (1, 2, 3, 4)]
    # then
    assert pages[0] == ([f"Lie{i:02d}a" for i in range(10)], True)
    assert pages[1] == ([f"Lie{i:02d}a" for i in range(10, 20)], True)
    assert pages[2] == ([f"Lie{i:02d}a" for i in range(20, 25)], False)
    assert pages[3] == ([], False)


def test_first_names_and_two_terms_match_the_same_way(
    monkeypatch: pytest.MonkeyPatch, lege_med_relasjon: Ansatt, enhet: Enhet, annen_enhet: Enhet
) -> None:
    # given
    PasientFactory.create_batch(STOR + 1, relasjon_til=enhet, fornavn="Ola", etternavn="Dahl")
    PasientFactory.create_batch(30, relasjon_til=annen_enhet, fornavn="Åse", etternavn="Aas")
    PasientFactory(relasjon_til=enhet, fornavn="Åse", etternavn="Øvrebø")
    PasientFactory(relasjon_til=enhet, fornavn="Per", etternavn="Åsheim")
    PasientFactory(relasjon_til=enhet, fornavn="Kari", mellomnavn="Åse", etternavn="Lien")
    PasientFactory.create_batch(
        30, relasjon_til=annen_enhet, fornavn="Kari", mellomnavn="Åse", etternavn="Lie"
    )
    # when / then: a first or middle name, a surname, and surname + first name
    assert both_ways(monkeypatch, lege_med_relasjon, "ase") == (["Lien", "Øvrebø"], False)
    assert both_ways(monkeypatch, lege_med_relasjon, "ovre as") == (["Øvrebø"], False)
    assert both_ways(monkeypatch, lege_med_relasjon, "aas") == (
        ["Åsheim", "Lien", "Øvrebø"],
        False,
    )
    assert both_ways(monkeypatch, lege_med_relasjon, "kari ase") == (["Lien"], False)


def test_ended_future_blocked_and_extended_access_are_the_same_for_a_large_unit(
    monkeypatch: pytest.MonkeyPatch, lege_med_relasjon: Ansatt, enhet: Enhet, annen_enhet: Enhet
) -> None:
    # given: a large unit; "Moe" patients in every state
    from journal.models import Behandlingsrelasjon, RelasjonGrunnlag

    PasientFactory.create_batch(STOR + 1, relasjon_til=enhet, etternavn="Dahl")
    now = naa()
    ended = PasientFactory(etternavn="Moe1ended")
    Behandlingsrelasjon.objects.create(
        pasient=ended,
        enhet=enhet,
        gyldig_fra=now - dt.timedelta(days=10),
        gyldig_til=now - dt.timedelta(days=1),
        grunnlag=RelasjonGrunnlag.VEDTAK,
    )
    future = PasientFactory(etternavn="Moe2future")
    Behandlingsrelasjon.objects.create(
        pasient=future,
        enhet=enhet,
        gyldig_fra=now + dt.timedelta(days=1),
        grunnlag=RelasjonGrunnlag.VEDTAK,
    )
    blocked = PasientFactory(relasjon_til=enhet, etternavn="Moe3blocked")
    Sperring.objects.create(pasient=blocked, mal=SperringMal.ENHET, enhet=enhet)
    PasientFactory(relasjon_til=enhet, etternavn="Moe4mine")
    reasoned, emergency, blocked_emergency = (
        PasientFactory(relasjon_til=annen_enhet, etternavn=name)
        for name in ("Moe5reasoned", "Moe6emergency", "Moe7blockedemergency")
    )
    for pasient, typ in (
        (reasoned, TilgangType.BESLUTNINGSSTYRT),
        (emergency, TilgangType.AKUTT),
        (blocked_emergency, TilgangType.AKUTT),
    ):
        UtvidetTilgang.objects.create(
            ansatt=lege_med_relasjon,
            enhet=enhet,
            pasient=pasient,
            type=typ,
            begrunnelse="Test",
            gyldig_til=now + dt.timedelta(hours=4),
        )
    Sperring.objects.create(pasient=blocked_emergency, mal=SperringMal.ENHET, enhet=enhet)
    # when
    found, _more = both_ways(monkeypatch, lege_med_relasjon, "moe")
    # then: the rule of journal.access (the emergency access overrides the block)
    assert found == ["Moe4mine", "Moe5reasoned", "Moe6emergency", "Moe7blockedemergency"]


def test_a_large_unit_searches_in_one_statement_with_its_audit_rows(
    monkeypatch: pytest.MonkeyPatch, lege_med_relasjon: Ansatt, enhet: Enhet
) -> None:
    # given
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PasientFactory.create_batch(STOR + 5, relasjon_til=enhet, etternavn="Strand")
    monkeypatch.setattr(access, "STOR_ENHET", STOR)
    # when
    from journal.selectors import pasient_search

    with acting_as(lege_med_relasjon), CaptureQueriesContext(connection) as captured:
        found = pasient_search(actor=lege_med_relasjon, sok="strand").side.items
    # then: the page (with the access rule) and, in the same statement, the search's audit
    # row and the listed rows in one INSERT
    sql = [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    assert len(found) == STOR + 5
    assert len(sql) == 1
    assert Pasient._meta.db_table in sql[0]
    assert sql[0].count('INSERT INTO "core_auditlogg"') == 1


def test_blocks_of_every_target_are_the_same_for_a_large_and_a_small_unit(
    monkeypatch: pytest.MonkeyPatch, lege_med_relasjon: Ansatt, enhet: Enhet, annen_enhet: Enhet
) -> None:
    # given: the unit's "Vik" patients, blocked for the person, the unit, its organisation,
    # another unit, one entry only, and a lifted block (the small unit's side checks the
    # blocks as one set of the person's blocked patients, the large one per candidate)
    PasientFactory.create_batch(STOR + 1, relasjon_til=enhet, etternavn="Dahl")
    vik = {
        name: PasientFactory(relasjon_til=enhet, etternavn=name)
        for name in (
            "Vik1ansatt",
            "Vik2enhet",
            "Vik3virksomhet",
            "Vik4annenenhet",
            "Vik5oppfoering",
            "Vik6opphevet",
            "Vik7fri",
        )
    }
    for name, target in (
        ("Vik1ansatt", {"mal": SperringMal.ANSATT, "ansatt": lege_med_relasjon}),
        ("Vik2enhet", {"mal": SperringMal.ENHET, "enhet": enhet}),
        ("Vik3virksomhet", {"mal": SperringMal.VIRKSOMHET, "virksomhet": enhet.virksomhet}),
        ("Vik4annenenhet", {"mal": SperringMal.ENHET, "enhet": annen_enhet}),
        ("Vik5oppfoering", {"mal": SperringMal.ENHET, "enhet": enhet, "objekt_type": "x"}),
        ("Vik6opphevet", {"mal": SperringMal.ENHET, "enhet": enhet, "opphevet_at": naa()}),
    ):
        Sperring.objects.create(pasient=vik[name], **target)
    # when
    found, _more = both_ways(monkeypatch, lege_med_relasjon, "vik")
    # then: the whole-record blocks of the person, the unit and its organisation hide
    assert found == ["Vik4annenenhet", "Vik5oppfoering", "Vik6opphevet", "Vik7fri"]


def test_a_small_unit_searches_in_one_statement_with_its_audit_rows(
    monkeypatch: pytest.MonkeyPatch, lege_med_relasjon: Ansatt, enhet: Enhet
) -> None:
    # given
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PasientFactory.create_batch(5, relasjon_til=enhet, etternavn="Strand")
    PasientFactory.create_batch(5, etternavn="Strand")  # nobody's patients
    monkeypatch.setattr(access, "STOR_ENHET", 1_000_000)
    # when
    from journal.selectors import pasient_search

    with acting_as(lege_med_relasjon), CaptureQueriesContext(connection) as captured:
        found = pasient_search(actor=lege_med_relasjon, sok="strand").side.items
    # then: the page with the access rule and its audit rows (one INSERT), one statement
    sql = [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    assert len(found) == 5
    assert len(sql) == 1
    assert sql[0].count('INSERT INTO "core_auditlogg"') == 1


@pytest.mark.parametrize("stor", [STOR, 1_000_000])
def test_a_remembered_unit_size_right_or_wrong_gives_the_same_pages(
    monkeypatch: pytest.MonkeyPatch,
    lege_med_relasjon: Ansatt,
    enhet: Enhet,
    annen_enhet: Enhet,
    stor: int,
) -> None:
    # given: the unit's "Lie" patients interleaved with another unit's, a blocked one, and
    # a unit that is large (STOR) or small (1,000,000) for the search
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(access, "STOR_ENHET", stor)
    PasientFactory.create_batch(STOR + 1, relasjon_til=enhet, etternavn="Dahl")
    for i in range(15):
        PasientFactory(relasjon_til=enhet, etternavn=f"Lie{i:02d}a")
        PasientFactory(relasjon_til=annen_enhet, etternavn=f"Lie{i:02d}b")
    blocked = PasientFactory(relasjon_til=enhet, etternavn="Lie05c")
    Sperring.objects.create(pasient=blocked, mal=SperringMal.ENHET, enhet=enhet)
    expected = [f"Lie{i:02d}a" for i in range(10)], True
    # when: the first search counts the unit's relationships and remembers the result
    first = search(lege_med_relasjon, "lie", 1, 10)
    remembered = dict(access._stor_husk)
    # then: the next one holds only the unit's side, in the same one statement
    from journal.selectors import pasient_search

    with acting_as(lege_med_relasjon), CaptureQueriesContext(connection) as captured:
        page = pasient_search(actor=lege_med_relasjon, sok="lie", side=1, storrelse=10).side
    second = [p.etternavn for p in page.items], page.har_neste
    sql = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert remembered[(enhet.pk, stor)][0] is (stor == STOR)
    assert first == second == expected
    assert len(sql) == 1
    assert "kj_enhet_stor" not in sql[0]
    # and a size remembered wrongly (the unit grew or shrank since) changes no page
    monkeypatch.setitem(access._stor_husk, (enhet.pk, stor), (stor != STOR, 1e18))
    assert search(lege_med_relasjon, "lie", 1, 10) == expected
    assert search(lege_med_relasjon, "lie", 2, 10) == (
        [f"Lie{i:02d}a" for i in range(10, 15)],
        False,
    )


def _patient_rows_read(plan: dict[str, Any]) -> int:
    """Rows the search reads from journal_pasient (or its indexes) in an EXPLAIN ANALYZE
    plan, kept or removed by a filter, over all loops. The page's own read around it
    (`journal_pasient p … id IN (…)`, alias `p`, which a test's tiny table without
    statistics scans whole) is not counted: the candidates are read unaliased."""
    own = 0
    table = Pasient._meta.db_table
    if plan.get("Relation Name") == table and plan.get("Alias") != "p":
        kept = plan.get("Actual Rows", 0)
        removed = plan.get("Rows Removed by Filter", 0)
        own = (kept + removed) * plan.get("Actual Loops", 0)
    return own + sum(_patient_rows_read(child) for child in plan.get("Plans", []))


def _strand_among_others(enhet: Enhet, annen_enhet: Enhet) -> None:
    """12 "Strand" patients of `enhet` among 150 of `annen_enhet` and 30 of nobody, and 8
    "Dahl" of `enhet`: a common prefix whose matches are mostly outside the unit."""
    PasientFactory.create_batch(12, relasjon_til=enhet, etternavn="Strand")
    PasientFactory.create_batch(150, relasjon_til=annen_enhet, etternavn="Strand")
    PasientFactory.create_batch(30, etternavn="Strand")
    PasientFactory.create_batch(8, relasjon_til=enhet, etternavn="Dahl")


def test_a_small_unit_reads_its_own_patients_not_every_name_match(
    monkeypatch: pytest.MonkeyPatch, lege_med_relasjon: Ansatt, enhet: Enhet, annen_enhet: Enhet
) -> None:
    # given: a small unit with 12 "Strand" patients among 150 "Strand" patients of another
    # unit and 30 of nobody (a common prefix: starting from the name index reads all 192 to
    # keep the unit's 12; on 1,000,000 patients "jo" read 33,888 for a unit of 2,000)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _strand_among_others(enhet, annen_enhet)
    monkeypatch.setattr(access, "STOR_ENHET", 1_000_000)
    # the first search counts the unit's size; the second holds only the small side
    pages = []
    with acting_as(lege_med_relasjon), CaptureQueriesContext(connection) as captured:
        for _ in range(2):
            side = selectors_pasient.pasient_search(actor=lege_med_relasjon, sok="strand").side
            pages.append(len(side.items))
    statements = [q["sql"] for q in captured.captured_queries if "journal_pasient" in q["sql"]]
    assert pages == [12, 12]
    assert len(statements) == 2
    assert "kj_enhet_stor" in statements[0]
    assert "kj_enhet_stor" not in statements[1]
    for sql in statements:
        # when
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0][0]["Plan"]
        # then: at most the unit's 20 related patients are looked up (the small side reads
        # their names from the relationships' indexes: test_pasient_soek_navnindeks), none
        # of the 180 name matches outside the unit
        assert _patient_rows_read(plan) <= 20, plan


@pytest.mark.parametrize("stor", [STOR, 1_000_000])
def test_the_name_search_is_prepared_once_the_units_size_is_known(
    monkeypatch: pytest.MonkeyPatch, lege_med_relasjon: Ansatt, enhet: Enhet, stor: int
) -> None:
    # given: a large or a small unit
    from django.db import connection

    monkeypatch.setattr(access, "STOR_ENHET", stor)
    PasientFactory.create_batch(STOR + 1, relasjon_til=enhet, etternavn="Strand")
    # when: more searches than PostgreSQL's five custom plans before it may keep a
    # prepared statement's generic plan
    for _ in range(7):
        assert search(lege_med_relasjon, "strand")[0]
    # then: the first search's statement, with both sides and the unit's count, was not
    # prepared; the unit's own side alone, with its audit insert, is (the small side probes
    # with CROSS JOIN LATERAL, the large one does not; the generic plans' tests are below)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    navn = [s for s in prepared if "sok_etternavn" in s]
    assert len(navn) == 1, prepared
    assert "kj_enhet_stor" not in navn[0]
    assert ("CROSS JOIN LATERAL" in navn[0]) == (stor != STOR)
    assert "core_auditlogg" in navn[0]


def _generic_plan(sql: str, params: list[Any], *, table_scans: bool = False) -> dict[str, Any]:
    """EXPLAIN ANALYZE of the generic plan of `sql` (PostgreSQL's plan for a prepared
    statement that it may keep after five executions), run with `params`; unless
    `table_scans`, planned as for tables too large to read whole (a test's few hundred rows
    fit in a few pages, where a sequential scan is cheapest): what it reads then is what its
    indexes let it skip."""
    from django.db import connection
    from psycopg.sql import Literal

    numbered = sql.split("%s")
    text = numbered[0] + "".join(f"${i}{part}" for i, part in enumerate(numbered[1:], 1))
    raw = connection.connection
    values = ", ".join(Literal(value).as_string(raw) for value in params)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        if not table_scans:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"PREPARE kj_navn_generisk AS {text}")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE kj_navn_generisk({values})")
        plan: dict[str, Any] = cursor.fetchone()[0][0]["Plan"]
        cursor.execute("DEALLOCATE kj_navn_generisk")
    return plan


def _statements(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[Any], bool]]:
    """The name search's statements as pasienter_soek runs them: (sql, params, prepare)."""
    from core.db import sql_rows

    statements: list[tuple[str, list[Any], bool]] = []

    def spy(sql: str, params: list[Any], *, prepare: bool = True) -> list[tuple[Any, ...]]:
        statements.append((sql, list(params), prepare))
        return sql_rows(sql, params, prepare=prepare)

    monkeypatch.setattr(access, "sql_rows", spy)
    return statements


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("sok", ["strand", "kari", "str kar"])
def test_the_large_sides_generic_plan_reads_the_prefixs_names_not_a_whole_name_index(
    monkeypatch: pytest.MonkeyPatch, lege_med_relasjon: Ansatt, enhet: Enhet, sok: str
) -> None:
    # given: a large unit related to 6 "Kari Strand" among 240 other patients of other names,
    # the statistics of these rows (as autovacuum keeps them; not another test's, which a
    # flush leaves behind), and its remembered size, so the search is the large side alone,
    # prepared
    from core.dbroller import owner_connection

    PasientFactory.create_batch(6, relasjon_til=enhet, fornavn="Kari", etternavn="Strand")
    for navn in ("Berg", "Dahl", "Holm", "Lie"):
        PasientFactory.create_batch(60, relasjon_til=enhet, fornavn="Ola", etternavn=navn)
    with owner_connection() as eier, eier.cursor() as cursor:
        cursor.execute("ANALYZE journal_behandlingsrelasjon")
        cursor.execute("ANALYZE journal_pasient")
    monkeypatch.setattr(access, "STOR_ENHET", STOR)
    statements = _statements(monkeypatch)
    assert search(lege_med_relasjon, sok)[0] == ["Strand"] * 6
    assert search(lege_med_relasjon, sok)[0] == ["Strand"] * 6
    assert [prepare for _sql, _params, prepare in statements] == [False, True]
    # when: that statement's generic plan, run with the search's values
    with transaction.atomic():
        plan = _generic_plan(*statements[1][:2])
    # then: each name column is read over the prefix's range of its index (the 6 matches,
    # in each of the arms that can hold them), not walked whole (246 entries per column)
    assert _patient_rows_read(plan) <= 3 * 6, plan


@pytest.mark.django_db(transaction=True)
def test_the_large_units_search_runs_its_kept_generic_plan(
    monkeypatch: pytest.MonkeyPatch, lege_med_relasjon: Ansatt, enhet: Enhet
) -> None:
    # given: a large unit with patients of several names, and the statistics a running
    # database has from autovacuum (only the owner may ANALYZE)

    from core.dbroller import owner_connection

    for navn in ("Strand", "Berg", "Dahl", "Lie", "Holm"):
        PasientFactory.create_batch(12, relasjon_til=enhet, etternavn=navn)
    with owner_connection() as eier, eier.cursor() as cursor:
        cursor.execute("ANALYZE journal_behandlingsrelasjon")
        cursor.execute("ANALYZE journal_pasient")
    monkeypatch.setattr(access, "STOR_ENHET", STOR)
    # when: the unit's nurse searches 24 times on one connection, as a web worker does
    found: dict[str, list[str]] = {}
    for i in range(24):
        sok = ("strand", "berg", "dahl", "lie", "holm", "xq")[i % 6]
        found.setdefault(sok, search(lege_med_relasjon, sok)[0])
        assert search(lege_med_relasjon, sok)[0] == found[sok]
    # then: the same pages as ever
    assert found["strand"] == ["Strand"] * 12
    assert found["xq"] == []
    # and after the first search (both sides and the count, unprepared) PostgreSQL planned
    # the large side for the values of 5 searches, then kept its generic plan
    assert prepared_plans("%sok_etternavn%core_auditlogg%") == (47 - 5, 5)


def test_the_small_sides_generic_plan_reads_the_units_patients_not_every_name_match(
    monkeypatch: pytest.MonkeyPatch, lege_med_relasjon: Ansatt, enhet: Enhet, annen_enhet: Enhet
) -> None:
    # given: a small unit's 12 "Strand" patients among 180 others (as in the test above), and
    # its remembered size, so the search is the small side alone, prepared
    _strand_among_others(enhet, annen_enhet)
    monkeypatch.setattr(access, "STOR_ENHET", 1_000_000)
    statements = _statements(monkeypatch)
    assert len(search(lege_med_relasjon, "strand")[0]) == 12
    assert len(search(lege_med_relasjon, "strand")[0]) == 12
    assert [prepare for _sql, _params, prepare in statements] == [False, True]
    # when: that statement's generic plan, run with the search's values
    plan = _generic_plan(*statements[1][:2], table_scans=True)
    # then: at most the unit's 20 related patients are looked up (see
    # test_pasient_soek_navnindeks for the relationships read), none of the 180 name
    # matches outside the unit
    assert _patient_rows_read(plan) <= 20, plan


def test_a_patient_related_twice_counts_once_on_a_page(
    monkeypatch: pytest.MonkeyPatch, lege_med_relasjon: Ansatt, enhet: Enhet
) -> None:
    # given: the unit's "Lund" patients, the first related to the unit and also reached by
    # the person's extended access from the unit (twice in the unit's related set)
    PasientFactory.create_batch(STOR + 1, relasjon_til=enhet, etternavn="Dahl")
    first, _second, _third = (
        PasientFactory(relasjon_til=enhet, etternavn=name) for name in ("Lund1", "Lund2", "Lund3")
    )
    UtvidetTilgang.objects.create(
        ansatt=lege_med_relasjon,
        enhet=enhet,
        pasient=first,
        type=TilgangType.BESLUTNINGSSTYRT,
        begrunnelse="Test",
        gyldig_til=naa() + dt.timedelta(hours=4),
    )
    # when: pages of two, for a large and a small unit
    pages = [both_ways(monkeypatch, lege_med_relasjon, "lund", side, 2) for side in (1, 2)]
    # then: each patient once, and the first page knows there is a next
    assert pages == [(["Lund1", "Lund2"], True), (["Lund3"], False)]
