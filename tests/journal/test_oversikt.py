"""The clinical summary (oversikt): content, audit, and a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.audit import AuditEvent
from core.context import system_context
from core.klokke import idag, naa
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Pasient
from journal.services import MaalingData, maaling_create
from journal.services.tjeneste import TjenesteData, tjeneste_start
from tests.acting import acting_as
from tests.conftest import api_client, logged_in
from tests.factories import JournalnotatFactory
from tests.journal.tiltaksplan_data import behov_make, maal_make, plan_make, tiltak_make

pytestmark = pytest.mark.django_db

# Complete observations: NEWS2 2 (respirasjon 21), level "lav".
VERDIER = {
    "respirasjon": 21,
    "spo2": 97,
    "oksygen": False,
    "systolisk": 130,
    "puls": 70,
    "bevissthet": "A",
    "temperatur": 37,
}


def _notater(pasient: Pasient, enhet: Enhet, n: int) -> None:
    for i in range(n):
        JournalnotatFactory(pasient=pasient, enhet=enhet, tittel=f"Notat nr {i}", signert=True)


def _maalinger(ansatt: Ansatt, pasient: Pasient, n: int) -> None:
    now = naa()
    with acting_as(ansatt):
        for i in range(n):
            maaling_create(
                actor=ansatt,
                pasient_id=pasient.pk,
                data=MaalingData(tidspunkt=now - dt.timedelta(hours=6 * i + 1), **VERDIER),  # type: ignore[arg-type]
            )


def _queries(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_page_shows_the_summary_and_audits_the_read(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    _notater(pasient, enhet, 7)
    _maalinger(lege_med_relasjon, pasient, 2)
    # when
    response = logged_in(lege_med_relasjon).get(f"/pasienter/{pasient.pk}/oversikt/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="pasientbanner"' in html
    assert 'data-niva="lav"' in html  # the NEWS2 colour and escalation text of the vitals page
    assert 'data-testid="oversikt-trend"' in html
    assert "<svg" in html
    assert html.count('data-testid="oversikt-notat"') == 5  # first page only
    assert "Notat nr 6" in html
    assert "Notat nr 0" not in html
    assert "Hjemmetjenesten sone nord" in html  # the unit's care relationship
    events = set(
        AuditLogg.objects.filter(pasient_id=pasient.pk, aktor_id=lege_med_relasjon.pk).values_list(
            "hendelse", flat=True
        )
    )
    assert {AuditEvent.PASIENT_READ, AuditEvent.OVERSIKT_READ, AuditEvent.NOTAT_LISTED} <= events


def test_overview_is_the_first_link_in_the_patient_nav(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    html = logged_in(lege_med_relasjon).get(f"/pasienter/{pasient.pk}/").content.decode()
    # then
    nav = html[html.index('class="pasient-nav"') :]
    first = nav[nav.index("<a ") : nav.index("</a>")]
    assert f"/pasienter/{pasient.pk}/oversikt/" in first
    assert f"/pasienter/{pasient.pk}/utskrift/" in nav


@pytest.mark.parametrize("url", ["/pasienter/{id}/oversikt/", "/api/v1/pasienter/{id}/oversikt/"])
def test_query_count_does_not_grow_with_the_history(
    url: str, lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given: one note and one measurement
    client = api_client(lege_med_relasjon)
    client.force_login(lege_med_relasjon)
    path = url.format(id=pasient.pk)
    _notater(pasient, enhet, 1)
    _maalinger(lege_med_relasjon, pasient, 1)
    client.get(path)  # warm the per-process caches (role rights, session)
    short = _queries(client, path)
    # when: 30 notes and 40 measurements
    _notater(pasient, enhet, 29)
    _maalinger(lege_med_relasjon, pasient, 39)
    long = _queries(client, path)
    # then
    assert long == short
    # 30 (page) and 32 (API) with the services; access is decided once and the area reads
    # commit together (41/43 before that, without the services). The sections then read
    # by the patient only, with the patient read in the same transaction: 25 at most.
    # One constant statement per section, all sent in one round trip, and one audit INSERT
    # for all of them (issue 12, target 2): 18 (page) and 17 (API) statements with the
    # session and login queries, whether or not there is a plan.
    assert short <= 18


@pytest.mark.parametrize("url", ["/pasienter/{id}/oversikt/", "/api/v1/pasienter/{id}/oversikt/"])
def test_query_count_is_the_same_for_one_and_many_plan_items(
    url: str, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given: a plan with one problem, goal and tiltak
    client = api_client(lege_med_relasjon)
    client.force_login(lege_med_relasjon)
    path = url.format(id=pasient.pk)
    plan = plan_make(pasient)
    tiltak_make(plan, behov=maal_make(behov_make(plan)).behov, frekvens="daglig")
    client.get(path)
    one = _queries(client, path)
    # when: twelve problems with goals and two tiltak each
    for i in range(12):
        behov = behov_make(plan, f"Problem {i}")
        maal_make(behov)
        tiltak_make(plan, behov=behov, frekvens="daglig")
        tiltak_make(plan, behov=behov, ukedager=[1, 2, 3, 4, 5, 6, 7])
    many = _queries(client, path)
    # then
    assert many == one


def test_overview_shows_the_active_plan(
    lege_med_relasjon: Ansatt, kollega_samme_enhet: Ansatt, pasient: Pasient
) -> None:
    # given: an individual plan with a problem, a goal and a tiltak due every day
    plan = plan_make(pasient, individuell_plan=True, koordinator=kollega_samme_enhet)
    behov = behov_make(plan, "Nedsatt væskeinntak")
    maal_make(behov, "Drikker 1,5 liter om dagen")
    tiltak_make(
        plan,
        behov=behov,
        frekvens="daglig",
        tidspunkter=[dt.time(8, 0)],
        start=idag(),
        tekst="Tilby drikke",
    )
    # when
    html = logged_in(lege_med_relasjon).get(f"/pasienter/{pasient.pk}/oversikt/").content.decode()
    data = api_client(lege_med_relasjon).get(f"/api/v1/pasienter/{pasient.pk}/oversikt/").json()
    # then
    assert "Nedsatt væskeinntak" in html
    assert "Drikker 1,5 liter om dagen" in html
    assert 'data-testid="oversikt-tiltak"><strong>08:00</strong> Tilby drikke' in html
    assert 'data-testid="oversikt-ip"' in html
    assert str(kollega_samme_enhet) in html
    assert data["tiltaksplan"]["plan"]["individuell_plan"] is True
    assert [t["tekst"] for t in data["tiltaksplan"]["tiltak_i_dag"]] == ["Tilby drikke"]


def test_api_returns_the_summary(lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet) -> None:
    # given
    _notater(pasient, enhet, 6)
    _maalinger(lege_med_relasjon, pasient, 1)
    # when
    response = api_client(lege_med_relasjon).get(f"/api/v1/pasienter/{pasient.pk}/oversikt/")
    # then
    assert response.status_code == 200
    data = response.json()
    assert data["pasient"]["id"] == str(pasient.pk)
    assert len(data["notater"]) == 5
    assert data["flere_notater"] is True
    assert data["siste_maling"]["news2"] == 2
    assert data["siste_maling"]["news2_niva"] == "lav"
    assert [r["enhet"] for r in data["relasjoner"]] == ["Hjemmetjenesten sone nord"]
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.OVERSIKT_READ, pasient_id=pasient.pk, aktor_id=lege_med_relasjon.pk
    ).exists()


def test_stranger_gets_404_and_no_overview_row(
    ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    # when
    response = logged_in(ansatt_annen_enhet).get(f"/pasienter/{pasient.pk}/oversikt/")
    # then
    assert response.status_code == 404
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.OVERSIKT_READ).exists()


def _tjeneste(pasient: Pasient, enhet: Enhet, kode: str, navn: str) -> None:
    with system_context():  # as when a decision starts it
        tjeneste_start(
            actor=None,
            pasient_id=pasient.pk,
            enhet_id=enhet.pk,
            data=TjenesteData(kode, navn, fra_dato=idag(), omfang=Decimal(3), omfang_enhet="timer"),
        )


@pytest.mark.parametrize("url", ["/pasienter/{id}/oversikt/", "/api/v1/pasienter/{id}/oversikt/"])
def test_overview_lists_active_services_in_a_fixed_number_of_queries(
    url: str, lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given: one active service
    client = api_client(lege_med_relasjon)
    client.force_login(lege_med_relasjon)
    path = url.format(id=pasient.pk)
    _tjeneste(pasient, enhet, "15", "Helsetjenester i hjemmet")
    client.get(path)
    one = _queries(client, path)
    # when: three more
    _tjeneste(pasient, enhet, "6", "Trygghetsalarm")
    _tjeneste(pasient, enhet, "5", "Matombringing")
    _tjeneste(pasient, enhet, "1", "Praktisk bistand – daglige gjøremål")
    many = _queries(client, path)
    response = client.get(path)
    # then
    assert many == one
    text = response.content.decode()
    for navn in ("Helsetjenester i hjemmet", "Trygghetsalarm", "Matombringing"):
        assert navn in text
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.TJENESTE_READ, pasient_id=pasient.pk
    ).exists()
