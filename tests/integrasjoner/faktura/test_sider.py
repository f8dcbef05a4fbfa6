"""Pages and API for invoicing: admins of the kommune only (the same 404 for another
kommune's run), every line shown and every file downloaded audited per patient."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet
from integrasjoner.faktura.models import Fakturakjoering, KjoeringStatus
from tests.conftest import api_client, logged_in
from tests.integrasjoner.faktura.conftest import JUNI, beboer, inntekt_make, opphold_make, run_month
from tjenester.sykehjem.models import Oppholdstype

pytestmark = pytest.mark.django_db


@pytest.fixture
def kjoring(
    avdeling: Enhet, fakturaadmin: Ansatt, django_capture_on_commit_callbacks: Any
) -> Fakturakjoering:
    for navn in ("Kari", "Per"):
        pasient = beboer(navn)
        opphold_make(avdeling, pasient, Oppholdstype.LANGTID, dt.date(2025, 1, 1))
        inntekt_make(pasient, 2025, "300000")
    return run_month(fakturaadmin, JUNI, django_capture_on_commit_callbacks)


def _paths(kjoring: Fakturakjoering) -> list[str]:
    return [
        "/faktura/",
        f"/faktura/kjoringer/{kjoring.pk}/",
        f"/faktura/kjoringer/{kjoring.pk}/fil.csv",
        "/faktura/satser/",
        "/api/v1/faktura/kjoringer/",
        f"/api/v1/faktura/kjoringer/{kjoring.pk}/linjer/",
        f"/api/v1/faktura/kjoringer/{kjoring.pk}/fil.csv",
    ]


def test_the_admin_sees_runs_lines_rates_and_the_file(
    kjoring: Fakturakjoering, fakturaadmin: Ansatt, django_assert_max_num_queries: Any
) -> None:
    # given
    client = logged_in(fakturaadmin)
    # when
    with django_assert_max_num_queries(20):
        page = client.get(f"/faktura/kjoringer/{kjoring.pk}/")
    listing = client.get("/faktura/")
    rates = client.get("/faktura/satser/")
    fil = client.get(f"/faktura/kjoringer/{kjoring.pk}/fil.csv")
    # then
    html = page.content.decode()
    assert page.status_code == listing.status_code == rates.status_code == fil.status_code == 200
    assert html.count('data-testid="linje"') == 2
    assert "kunde_id" in html  # the file layout is shown on the page
    assert "130 160" in rates.content.decode() or "130\xa0160" in rates.content.decode()
    assert fil["Content-Type"].startswith("text/csv")
    assert fil.getvalue().decode().startswith("kjoring_id;kommunenummer")
    listed = AuditLogg.objects.filter(
        hendelse=AuditEvent.FAKTURA_LINJER_LISTED, aktor_id=fakturaadmin.pk
    )
    assert listed.values("pasient_id").distinct().count() == 2
    downloaded = AuditLogg.objects.filter(
        hendelse=AuditEvent.FAKTURA_FIL_DOWNLOADED,
        aktor_id=fakturaadmin.pk,
        pasient_id__isnull=False,
    )
    assert downloaded.count() == 2


def test_the_run_page_polls_while_the_run_is_computed(
    kjoring: Fakturakjoering, fakturaadmin: Ansatt
) -> None:
    # given a run in progress
    Fakturakjoering.objects.filter(pk=kjoring.pk).update(
        status=KjoeringStatus.BEREGNER, antall_pasienter=1
    )
    # when
    partial = logged_in(fakturaadmin).get(
        f"/faktura/kjoringer/{kjoring.pk}/", headers={"HX-Request": "true"}
    )
    # then
    html = partial.content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert 'data-testid="antall-pasienter">1<' in html
    assert 'data-testid="linje"' not in html


def test_starting_a_run_from_the_page_and_the_api(
    fakturaadmin: Ansatt, avdeling: Enhet, django_capture_on_commit_callbacks: Any
) -> None:
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = logged_in(fakturaadmin).post("/faktura/", {"maned": "2025-05"})
        api = api_client(fakturaadmin).post(
            "/api/v1/faktura/kjoringer/", {"maned": "2025-04"}, format="json"
        )
    bad = api_client(fakturaadmin).post(
        "/api/v1/faktura/kjoringer/", {"maned": "mai"}, format="json"
    )
    future = logged_in(fakturaadmin).post("/faktura/", {"maned": "2099-01"})
    # then
    assert page.status_code == 302
    assert api.status_code == 202
    assert api.json()["maned"] == "2025-04"
    assert len(callbacks) == 2  # the runs are queued after commit
    assert bad.status_code == 400
    assert "ÅÅÅÅ-MM" in bad.content.decode()
    assert future.status_code == 400
    assert "avsluttede" in future.content.decode()


def test_api_lists_runs_and_lines_filtered_by_patient(
    kjoring: Fakturakjoering, fakturaadmin: Ansatt
) -> None:
    # given
    client = api_client(fakturaadmin)
    line = kjoring.linjer.first()
    assert line is not None
    # when
    runs = client.get("/api/v1/faktura/kjoringer/")
    lines = client.get(f"/api/v1/faktura/kjoringer/{kjoring.pk}/linjer/?pasient={line.pasient_id}")
    # then
    assert runs.json()["resultater"][0]["id"] == str(kjoring.pk)
    assert [r["pasient_id"] for r in lines.json()["resultater"]] == [str(line.pasient_id)]


@pytest.mark.parametrize(
    "who", ["lege_med_relasjon", "kollega_samme_enhet", "ansatt_annen_enhet", "admin_annen_kommune"]
)
def test_others_are_refused_and_another_kommune_gets_the_same_404(
    who: str, kjoring: Fakturakjoering, request: pytest.FixtureRequest
) -> None:
    # given
    person: Ansatt = request.getfixturevalue(who)
    client = api_client(person)
    client.force_login(person)
    # when
    statuses = {path: client.get(path).status_code for path in _paths(kjoring)}
    missing = client.get("/api/v1/faktura/kjoringer/00000000-0000-4000-8000-000000000000/linjer/")
    # then
    if who == "admin_annen_kommune":
        assert statuses[f"/faktura/kjoringer/{kjoring.pk}/"] == 404
        assert (
            statuses[f"/api/v1/faktura/kjoringer/{kjoring.pk}/linjer/"]
            == 404
            == missing.status_code
        )
        assert statuses[f"/api/v1/faktura/kjoringer/{kjoring.pk}/fil.csv"] == 404
    else:
        assert set(statuses.values()) == {403}
    assert not AuditLogg.objects.filter(aktor_id=person.pk, pasient_id__isnull=False).exists()


def test_anonymous_is_sent_to_login(kjoring: Fakturakjoering) -> None:
    # when / then
    from django.test import Client

    assert Client().get("/faktura/").status_code == 302
    assert api_client(None).get("/api/v1/faktura/kjoringer/").status_code in (401, 403)


def test_the_dashboard_shows_the_receiver_and_the_run_history(
    kjoring: Fakturakjoering, fakturaadmin: Ansatt
) -> None:
    # when
    html = logged_in(fakturaadmin).get("/integrasjoner/").content.decode()
    # then
    assert 'data-testid="mottaker-faktura.okonomisystem"' in html
    assert html.count('data-testid="batch-kjoring"') == 1
    assert f"/faktura/kjoringer/{kjoring.pk}/fil.csv" in html
