"""The small unit's name search keeps one plan per connection (issue 12, navnp95).

Its statement is prepared (journal.access.navnesok.pasienter_soek), and PostgreSQL keeps a
prepared statement's generic plan only when that plan's estimated cost is no higher than
the average of the plans it made for each call's values. The generic plan cannot know
the clock bound as a parameter, so a plain `gyldig_til > %s` (relationships that end in
the future) was estimated at a third of the average unit's relationships, each looked up
by id: a generic plan a hundred times dearer than the real one, never kept, and every
search planned again (about 1 ms of the database's time per search at 1,000,000 patients).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from core.dbroller import owner_connection
from core.klokke import naa
from core.models import Ansatt, Enhet
from journal.access import navnesok as access
from journal.models import Behandlingsrelasjon, RelasjonGrunnlag
from journal.selectors import pasient as selectors_pasient
from tests.acting import acting_as
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db(transaction=True)

_SOEK = "%journal_behandlingsrelasjon%core_auditlogg%"


def prepared_plans(like: str = _SOEK) -> tuple[int, int]:
    """(generic, custom) plans run by this connection's prepared statements whose text is
    LIKE `like` (by default the small side's name search)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0)"
            " FROM pg_prepared_statements WHERE statement LIKE %s",
            [like],
        )
        generic, custom = cursor.fetchone()
    return int(generic), int(custom)


def test_the_small_units_search_runs_its_kept_generic_plan(
    monkeypatch: pytest.MonkeyPatch, lege_med_relasjon: Ansatt, enhet: Enhet, annen_enhet: Enhet
) -> None:
    # given: a small unit with patients of several names, one related with an end in the
    # future, 3,000 more open relationships of another unit, and the statistics a running
    # database has from autovacuum (only the owner may ANALYZE)
    monkeypatch.setattr(access, "STOR_ENHET", 1_000_000)
    for navn in ("Strand", "Berg", "Dahl", "Lie", "Holm"):
        PasientFactory.create_batch(4, relasjon_til=enhet, etternavn=navn)
    Behandlingsrelasjon.objects.create(
        pasient=PasientFactory(etternavn="Strandli"),
        enhet=enhet,
        grunnlag=RelasjonGrunnlag.VEDTAK,
        gyldig_til=naa() + dt.timedelta(days=3),
    )
    annen = PasientFactory(relasjon_til=annen_enhet, etternavn="Annen")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO journal_behandlingsrelasjon (id, created_at, updated_at, grunnlag,"
            " begrunnelse, gyldig_fra, gyldig_til, enhet_id, pasient_id)"
            " SELECT gen_random_uuid(), now(), now(), 'vedtak', '', now() - interval '1 day',"
            " NULL, %s, %s FROM generate_series(1, 3000)",
            [annen_enhet.pk, annen.pk],
        )
    with owner_connection() as eier, eier.cursor() as cursor:
        cursor.execute("ANALYZE journal_behandlingsrelasjon")
        cursor.execute("ANALYZE journal_pasient")
    # when: the unit's nurse searches 24 times on one connection, as a web worker does
    found: dict[str, list[str]] = {}
    with acting_as(lege_med_relasjon):
        for i in range(24):
            sok = ("strand", "berg", "dahl", "lie", "holm", "xq")[i % 6]
            page = selectors_pasient.pasient_search(actor=lege_med_relasjon, sok=sok).side
            found.setdefault(sok, [p.etternavn for p in page.items])
            assert [p.etternavn for p in page.items] == found[sok]
    # then: the same pages as ever
    assert found["strand"] == ["Strand"] * 4 + ["Strandli"]
    assert found["berg"] == ["Berg"] * 4
    assert found["xq"] == []
    # and the 23 searches after the first (which counted the unit's size, unprepared) ran the
    # prepared small side: PostgreSQL planned it for the values of the first 5 of them, then
    # kept its generic plan for the other 18
    generic, custom = prepared_plans()
    assert (generic, custom) == (18, 5)
