"""Query counts of the core request path (issue 12): a search by identifier, a birth date or
a name, and a patient read, each with a real API key. The counts are fixed — they do not grow
with the patients, the unit's care relationships or the person's earlier requests — and the
key check, the acting unit and its rights cost no query once cached.

Inside a test every transaction is a savepoint, so an audited read shows SAVEPOINT and
RELEASE where production sends BEGIN and COMMIT; the counts below are the SQL statements
besides those. The id search and the patient read need no transaction at all: the read and
its audit rows are one statement (journal.access with core.audit), one round trip.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Paaroerende, Pasient
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db
LIST = "/api/v1/pasienter/"


def keyed_client(password: str) -> APIClient:
    client = APIClient()
    key = client.post(
        "/api/v1/auth/token/", {"username": "lege1", "password": password}, format="json"
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def statements(
    client: APIClient, path: str, params: dict[str, str] | None = None, *, alle: bool = False
) -> list[str]:
    """The SQL of one request, without transaction control (savepoints in a test) unless
    `alle`."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200, response.content
    return [
        q["sql"]
        for q in captured.captured_queries
        if alle or not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO"))
    ]


def grow(enhet: Enhet, annen: Enhet, n: int) -> None:
    """More patients in the unit and outside it."""
    PasientFactory.create_batch(n, relasjon_til=enhet)
    PasientFactory.create_batch(n, relasjon_til=annen)


def test_identifier_search_is_one_statement_however_many_patients(
    lege_med_relasjon: Ansatt, password: str, enhet: Enhet, annen_enhet: Enhet
) -> None:
    # given: a client that has made one request (its key check and unit are cached)
    pasient = PasientFactory(relasjon_til=enhet)
    client = keyed_client(password)
    client.get(LIST, {"sok": pasient.identifikator})
    # when
    few = statements(client, LIST, {"sok": pasient.identifikator}, alle=True)
    grow(enhet, annen_enhet, 30)
    client.get(LIST, {"sok": pasient.identifikator})  # the new patients' units are cached
    many = statements(client, LIST, {"sok": pasient.identifikator}, alle=True)
    # then: the patient with its access rule, the search's and the listed row: one statement,
    # no transaction around it
    assert len(few) == len(many) == 1
    assert "journal_pasient" in few[0]
    assert 'INSERT INTO "core_auditlogg"' in few[0]
    assert not any("core_tilknytning" in sql or "core_rollerettighet" in sql for sql in many)
    # and the rows are written, the search's row before the listed one (the chain's order)
    rows = list(
        AuditLogg.objects.filter(
            hendelse__in=[AuditEvent.PASIENT_SEARCHED, AuditEvent.PASIENT_LISTED]
        ).order_by("kjede_nr")
    )
    assert [r.hendelse for r in rows] == [
        AuditEvent.PASIENT_SEARCHED,
        AuditEvent.PASIENT_LISTED,
    ] * 4
    assert rows[-1].pasient_id == pasient.pk
    assert rows[-2].ekstra == {
        "sok": pasient.identifikator,
        "sokemate": "identifikator",
        "side": 1,
        "treff": 1,
    }


def test_identifier_search_probes_the_one_patient_not_the_units_relationships(
    lege_med_relasjon: Ansatt, password: str, enhet: Enhet
) -> None:
    # given
    pasient = PasientFactory(relasjon_til=enhet)
    client = keyed_client(password)
    client.get(LIST, {"sok": pasient.identifikator})
    # when
    sql = statements(client, LIST, {"sok": pasient.identifikator})[0]
    # then: a correlated EXISTS on this patient, no IN over the unit's whole set
    assert "EXISTS" in sql
    assert " IN (SELECT" not in sql.upper().replace("\n", " ")


def test_a_patient_of_another_unit_is_not_found_by_identifier(
    lege_med_relasjon: Ansatt, password: str, annen_enhet: Enhet
) -> None:
    # given
    other = PasientFactory(relasjon_til=annen_enhet)
    client = keyed_client(password)
    # when
    body = client.get(LIST, {"sok": other.identifikator}).json()
    # then
    assert body["resultater"] == []


def test_name_search_statements_do_not_grow_with_the_hits(
    lege_med_relasjon: Ansatt, password: str, enhet: Enhet, annen_enhet: Enhet
) -> None:
    # given
    PasientFactory.create_batch(2, relasjon_til=enhet, etternavn="Østby")
    client = keyed_client(password)
    client.get(LIST, {"sok": "ostby"})
    few = statements(client, LIST, {"sok": "ostby"})
    # when: many more hits, in and outside the unit
    PasientFactory.create_batch(25, relasjon_til=enhet, etternavn="Østby")
    PasientFactory.create_batch(25, relasjon_til=annen_enhet, etternavn="Østby")
    many = statements(client, LIST, {"sok": "ostby"})
    # then: the page with, in the same statement, one INSERT of the search's audit row and
    # the listed rows
    assert len(few) == len(many) == 1
    assert many[0].count('INSERT INTO "core_auditlogg"') == 1
    # every search listed what it showed: 2 + 2 before, 20 (one page) after
    assert AuditLogg.objects.filter(hendelse=AuditEvent.PASIENT_LISTED).count() == 2 + 2 + 20


def test_patient_read_is_one_statement_however_much_data(
    lege_med_relasjon: Ansatt, password: str, enhet: Enhet, annen_enhet: Enhet
) -> None:
    # given
    pasient: Pasient = PasientFactory(relasjon_til=enhet)
    Paaroerende.objects.create(pasient=pasient, navn="Kari Nordmann", relasjon="datter")
    client = keyed_client(password)
    path = f"{LIST}{pasient.pk}/"
    client.get(path)
    few = statements(client, path, alle=True)
    # when
    grow(enhet, annen_enhet, 30)
    Paaroerende.objects.create(pasient=pasient, navn="Ola Nordmann", relasjon="sønn")
    client.get(path)
    many = statements(client, path, alle=True)
    # then: the patient with the access rule and its basis, next of kin and the audit row,
    # as one statement without a transaction around it (no query for the unit's
    # assignments, rights or the key)
    assert len(few) == len(many) == 1
    kin = client.get(path).json()["paarorende"]
    assert [k["navn"] for k in kin] == ["Kari Nordmann", "Ola Nordmann"]
    assert not any("core_tilknytning" in sql or "core_apinoekkel" in sql for sql in many)
    reads = AuditLogg.objects.filter(hendelse=AuditEvent.PASIENT_READ, pasient_id=pasient.pk)
    assert reads.count() == 5  # every read audited


def test_read_of_a_patient_not_yours_is_the_same_404_and_audited(
    lege_med_relasjon: Ansatt, password: str, annen_enhet: Enhet
) -> None:
    # given
    other = PasientFactory(relasjon_til=annen_enhet)
    client = keyed_client(password)
    # when
    response = client.get(f"{LIST}{other.pk}/")
    missing = client.get(f"{LIST}00000000-0000-4000-8000-000000000000/")
    # then
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json()
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.PASIENT_READ_REFUSED, pasient_id=other.pk
    ).exists()


def test_the_lean_json_is_what_the_serializers_give(
    lege_med_relasjon: Ansatt, enhet: Enhet
) -> None:
    # given: a patient with every field the detail shows, a GP and next of kin
    from core.context import context_get
    from journal.apis.pasient import (
        PasientDetailSerializer,
        PasientListSerializer,
        pasient_detail_data,
        pasient_list_data,
    )
    from journal.models import Paaroerende
    from journal.selectors import pasient_get
    from tests.acting import acting_as
    from tests.factories import AnsattFactory

    lege = AnsattFactory(hpr_nummer="1234567")
    pasient = PasientFactory(relasjon_til=enhet, fastlege=lege, mellomnavn="Midt")
    Paaroerende.objects.create(pasient=pasient, navn="Per", relasjon="Sønn", er_naermeste=True)
    with acting_as(lege_med_relasjon, enhet):
        assert context_get() is not None
        visning = pasient_get(actor=lege_med_relasjon, pasient_id=pasient.pk)
    # then
    expected = PasientDetailSerializer(visning.pasient, context={"visning": visning}).data
    assert pasient_detail_data(visning) == expected
    assert pasient_list_data([pasient]) == list(PasientListSerializer([pasient], many=True).data)
