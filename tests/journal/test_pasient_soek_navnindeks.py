"""The small unit's name search reads its matches from indexes of its care relationships by
unit and name (issue 12, navnindeks): the relationships carry their patient's folded names,
kept by triggers (migration journal 0016) whoever writes, and a prefix reads the unit's
matches, not every patient it is related to.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.db import connection, transaction

from core.dbroller import owner_connection
from core.klokke import naa
from core.models import Ansatt, Enhet
from journal.access import navnesok as access
from journal.models import Behandlingsrelasjon, Pasient, RelasjonGrunnlag
from journal.selectors import pasient as selectors_pasient
from tests.acting import acting_as
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db


def search(ansatt: Ansatt, sok: str) -> list[str]:
    with acting_as(ansatt):
        page = selectors_pasient.pasient_search(actor=ansatt, sok=sok).side
    return [p.etternavn for p in page.items]


def relation_names(pasient_id: uuid.UUID) -> set[tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sok_etternavn, sok_fornavn, sok_mellomnavn FROM journal_behandlingsrelasjon"
            " WHERE pasient_id = %s",
            [pasient_id],
        )
        return set(cursor.fetchall())


def test_a_patient_renamed_after_the_relationship_is_found_by_the_new_name_only(
    monkeypatch: pytest.MonkeyPatch, lege_med_relasjon: Ansatt, enhet: Enhet, annen_enhet: Enhet
) -> None:
    # given: a patient related to two units, then renamed (first, middle and surname)
    monkeypatch.setattr(access, "STOR_ENHET", 1_000_000)
    pasient = PasientFactory(relasjon_til=enhet, etternavn="Gammelvik", fornavn="Gerd")
    Behandlingsrelasjon.objects.create(
        pasient=pasient, enhet=annen_enhet, grunnlag=RelasjonGrunnlag.VEDTAK
    )
    PasientFactory(relasjon_til=enhet, etternavn="Nybakken")
    assert search(lege_med_relasjon, "gammel") == ["Gammelvik"]
    pasient.etternavn, pasient.fornavn, pasient.mellomnavn = "Nyvik", "Åse", "Østby"
    pasient.save()
    # then: every relationship carries the new names
    assert relation_names(pasient.pk) == {("nyvik", "ase", "ostby")}
    # and the small side finds it by each new name, and not by the old (its size remembered
    # from the first search, so the statement is the small side alone)
    assert access._stor_enhet_kjent(enhet.pk) is False
    assert search(lege_med_relasjon, "gammel") == []
    assert search(lege_med_relasjon, "gerd") == []
    assert search(lege_med_relasjon, "ny") == ["Nybakken", "Nyvik"]
    assert search(lege_med_relasjon, "aase") == ["Nyvik"]
    assert search(lege_med_relasjon, "ostb") == ["Nyvik"]
    # and a change of other fields keeps them
    pasient.poststed = "Hamar"
    pasient.save()
    assert relation_names(pasient.pk) == {("nyvik", "ase", "ostby")}


def test_relationships_carry_their_patients_names_whoever_writes_them(
    enhet: Enhet, annen_enhet: Enhet
) -> None:
    # given: relationships written by the ORM, by bulk SQL (as benchmarks/load_gnuhealth_csv.py)
    orm = PasientFactory(relasjon_til=enhet, etternavn="Ormestad", fornavn="Olav")
    bulk = PasientFactory(etternavn="Bulkeli", fornavn="Berit", mellomnavn="Bø")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO journal_behandlingsrelasjon (id, created_at, updated_at, grunnlag,"
            " begrunnelse, gyldig_fra, gyldig_til, enhet_id, pasient_id)"
            " SELECT gen_random_uuid(), now(), now(), 'vedtak', '', now(), NULL, %s, p.id"
            " FROM journal_pasient p WHERE p.id = %s",
            [enhet.pk, bulk.pk],
        )
    # and one written before its patient in the same transaction (the foreign key is
    # deferred), with names that are not the patient's
    later = uuid.uuid4()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO journal_behandlingsrelasjon (id, created_at, updated_at, grunnlag,"
            " begrunnelse, gyldig_fra, gyldig_til, enhet_id, pasient_id, sok_etternavn)"
            " VALUES (gen_random_uuid(), now(), now(), 'vedtak', '', now(), NULL, %s, %s, 'x')",
            [annen_enhet.pk, later],
        )
    assert relation_names(later) == {("", "", "")}
    PasientFactory(id=later, etternavn="Senere", fornavn="Siri")
    # then: each carries its patient's folded names
    assert relation_names(orm.pk) == {("ormestad", "olav", "")}
    assert relation_names(bulk.pk) == {("bulkeli", "berit", "bo")}
    assert relation_names(later) == {("senere", "siri", "")}
    # and closing one through the ORM (which does not know the columns) keeps them
    relasjon = Behandlingsrelasjon.objects.get(pasient=orm)
    relasjon.gyldig_til = naa() + dt.timedelta(days=1)
    relasjon.save()
    assert relation_names(orm.pk) == {("ormestad", "olav", "")}
    assert Pasient.objects.get(pk=orm.pk).sok_etternavn == "ormestad"


def _rows_read(plan: dict[str, Any], table: str, skip_alias: str = "") -> int:
    """Rows a plan reads from `table` (or its indexes), kept or removed by a filter, over all
    loops; a scan by alias `skip_alias` not counted."""
    own = 0
    if plan.get("Relation Name") == table and plan.get("Alias") != skip_alias:
        kept = plan.get("Actual Rows", 0)
        removed = plan.get("Rows Removed by Filter", 0)
        own = (kept + removed) * plan.get("Actual Loops", 0)
    return own + sum(_rows_read(child, table, skip_alias) for child in plan.get("Plans", []))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("plan_mode", ["custom", "generic"])
def test_the_small_side_reads_the_units_matches_not_its_every_patient(
    monkeypatch: pytest.MonkeyPatch,
    lege_med_relasjon: Ansatt,
    enhet: Enhet,
    annen_enhet: Enhet,
    plan_mode: str,
) -> None:
    # given: a small unit with 6 "Strand" patients (one of them by first name) among 60 others,
    # 40 "Strand" patients of another unit, one patient related with an end in the future
    # and one by extended access
    from psycopg.sql import Literal

    from core.db import sql_rows
    from journal.models import TilgangType, UtvidetTilgang

    PasientFactory.create_batch(5, relasjon_til=enhet, etternavn="Strand")
    PasientFactory(relasjon_til=enhet, etternavn="Berg", fornavn="Strandine")
    PasientFactory.create_batch(20, relasjon_til=enhet, etternavn="Dahl", fornavn="Dag")
    PasientFactory.create_batch(40, relasjon_til=annen_enhet, etternavn="Strand")
    Behandlingsrelasjon.objects.create(
        pasient=PasientFactory(etternavn="Strandli"),
        enhet=enhet,
        grunnlag=RelasjonGrunnlag.VEDTAK,
        gyldig_til=naa() + dt.timedelta(days=3),
    )
    UtvidetTilgang.objects.create(
        ansatt=lege_med_relasjon,
        enhet=enhet,
        pasient=PasientFactory(etternavn="Strandvik"),
        type=TilgangType.BESLUTNINGSSTYRT,
        begrunnelse="Test",
        gyldig_til=naa() + dt.timedelta(hours=4),
    )
    # and 5,000 more open relationships of the unit, to one of its "Dahl" patients (a unit
    # of the size the small side is for), committed, and the table's statistics, as a
    # running database has them from autovacuum: a test database has none, and its partial
    # indexes, created on an empty table, count no entries, so to PostgreSQL each of them
    # looks as cheap to read whole as another's range (only the owner may ANALYZE)
    dahl = PasientFactory(relasjon_til=enhet, etternavn="Dahl", fornavn="Dag")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO journal_behandlingsrelasjon (id, created_at, updated_at, grunnlag,"
            " begrunnelse, gyldig_fra, gyldig_til, enhet_id, pasient_id)"
            " SELECT gen_random_uuid(), now(), now(), 'vedtak', '', now() - interval '1 day',"
            " NULL, %s, %s FROM generate_series(1, 5000)",
            [enhet.pk, dahl.pk],
        )
    with owner_connection() as eier, eier.cursor() as cursor:
        cursor.execute("ANALYZE journal_behandlingsrelasjon")
    monkeypatch.setattr(access, "STOR_ENHET", 1_000_000)
    statements: list[tuple[str, list[Any]]] = []

    def spy(sql: str, params: list[Any], *, prepare: bool = True) -> list[tuple[Any, ...]]:
        statements.append((sql, list(params)))
        return sql_rows(sql, params, prepare=prepare)

    monkeypatch.setattr(access, "sql_rows", spy)
    expected = ["Berg", *["Strand"] * 5, "Strandli", "Strandvik"]
    assert search(lege_med_relasjon, "strand") == expected
    assert search(lege_med_relasjon, "strand") == expected
    sql, params = statements[1]
    assert "kj_enhet_stor" not in sql  # the small side alone
    # when: its plan for these values, or its generic plan (PostgreSQL may keep it after
    # five executions of the prepared statement)
    numbered = sql.split("%s")
    text = numbered[0] + "".join(f"${i}{part}" for i, part in enumerate(numbered[1:], 1))
    values = ", ".join(Literal(value).as_string(connection.connection) for value in params)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL plan_cache_mode = force_{plan_mode}_plan")
        cursor.execute(f"PREPARE kj_navnindeks AS {text}")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE kj_navnindeks({values})")
        plan = cursor.fetchone()[0][0]["Plan"]
        cursor.execute("DEALLOCATE kj_navnindeks")
        transaction.set_rollback(True)  # not the audit rows of this EXPLAIN
    # then: of the unit's 67 relationships it reads its 6 open matches (from the name
    # indexes) and its one with an end; it looks up by id the names of only the two patients
    # outside those indexes, and none of the other unit's
    scans = _scans(plan)
    assert _rows_read(plan, "journal_behandlingsrelasjon") <= 7, scans
    assert _rows_read(plan, "journal_pasient", skip_alias="p") <= 2, scans


def _scans(plan: dict[str, Any]) -> list[tuple[str, str, int]]:
    """The plan's scans (node, index or table, rows read), to say what a failure read."""
    own = []
    if "Relation Name" in plan:
        rows = plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)
        name = plan.get("Index Name", plan["Relation Name"])
        own.append((plan["Node Type"], name, rows * plan.get("Actual Loops", 0)))
    return own + [scan for child in plan.get("Plans", []) for scan in _scans(child)]
