"""Care-plan pages: a nurse builds a plan through the forms; the schedule shows in words;
errors come back in Norwegian; strangers get the same 404; the unit's day list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.audit import AuditEvent
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Pasient, PlanStatus, Tiltak, Tiltaksplan, TiltakStatus
from tests.conftest import logged_in
from tests.factories import PasientFactory
from tests.journal.tiltaksplan_data import behov_make, maal_make, plan_make, tiltak_make

pytestmark = pytest.mark.django_db


def _url(pasient: Pasient, rest: str = "") -> str:
    return f"/pasienter/{pasient.pk}/tiltaksplan/{rest}"


def test_nurse_creates_a_plan_with_problem_goal_and_scheduled_tiltak(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    # when
    assert client.post(_url(pasient, "ny/"), {"gyldig_fra": "2026-03-02"}).status_code == 302
    plan = Tiltaksplan.objects.get(pasient=pasient)
    client.post(_url(pasient, f"{plan.pk}/behov/ny/"), {"tekst": "Nedsatt væskeinntak"})
    behov = plan.behov.get()
    client.post(_url(pasient, f"behov/{behov.pk}/maal/ny/"), {"tekst": "Drikker 1,5 l daglig"})
    response = client.post(
        _url(pasient, f"{plan.pk}/tiltak/ny/"),
        {
            "behov": str(behov.pk),
            "tekst": "Tilby drikke",
            "ansvarlig_enhet": str(enhet.pk),
            "frekvens": "ukentlig",
            "ukedager": ["1", "3", "5"],
            "intervall": "1",
            "tidspunkter": "08:00, kveld",
            "varighet_min": "15",
            "start_dato": idag().isoformat(),
        },
    )
    # then
    assert response.status_code == 302
    html = client.get(_url(pasient)).content.decode()
    assert "Nedsatt væskeinntak" in html
    assert "Drikker 1,5 l daglig" in html
    assert "Man, ons, fre kl. 08:00 og 20:00, 15 min" in html
    assert "Hjemmetjenesten sone nord" in html
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.TILTAKSPLAN_READ, pasient_id=pasient.pk
    ).exists()


def test_tiltak_form_errors_are_shown_per_field(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    plan = plan_make(pasient)
    # when: weekly without weekdays, and a time that is no time
    response = logged_in(lege_med_relasjon).post(
        _url(pasient, f"{plan.pk}/tiltak/ny/"),
        {
            "tekst": "Tilby drikke",
            "ansvarlig_enhet": str(enhet.pk),
            "frekvens": "ukentlig",
            "intervall": "1",
            "tidspunkter": "frokost",
            "varighet_min": "15",
        },
    )
    # then
    html = response.content.decode()
    assert response.status_code == 400
    assert "er ikke et klokkeslett" in html
    assert not Tiltak.objects.exists()


def test_weekly_without_weekdays_is_refused(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    plan = plan_make(pasient)
    # when
    response = logged_in(lege_med_relasjon).post(
        _url(pasient, f"{plan.pk}/tiltak/ny/"),
        {
            "tekst": "Tilby drikke",
            "ansvarlig_enhet": str(enhet.pk),
            "frekvens": "ukentlig",
            "intervall": "1",
            "varighet_min": "15",
        },
    )
    # then
    assert response.status_code == 400
    assert "Velg minst én ukedag." in response.content.decode()


def test_change_page_changes_the_schedule_from_a_date(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    tiltak = tiltak_make(plan_make(pasient), start=idag() - dt.timedelta(days=7))
    client = logged_in(lege_med_relasjon)
    fra = idag() + dt.timedelta(days=1)
    # when
    page = client.get(_url(pasient, f"tiltak/{tiltak.pk}/endre/"))
    response = client.post(
        _url(pasient, f"tiltak/{tiltak.pk}/endre/"),
        {
            "fra": fra.isoformat(),
            "tekst": "Tilby drikke",
            "ansvarlig_enhet": str(enhet.pk),
            "frekvens": "daglig",
            "intervall": "1",
            "tidspunkter": "09:00",
            "varighet_min": "10",
        },
    )
    # then
    assert page.status_code == 200
    assert "Man, ons, fre kl. 08:00, 15 min" in page.content.decode()
    assert response.status_code == 302
    tiltak.refresh_from_db()
    assert tiltak.status == TiltakStatus.ENDRET
    assert "Hver dag kl. 09:00, 10 min" in client.get(_url(pasient)).content.decode()


def test_end_tiltak_resolve_problem_achieve_goal_evaluate_and_close(
    lege_med_relasjon: Ansatt, kollega_samme_enhet: Ansatt, pasient: Pasient
) -> None:
    # given
    plan = plan_make(pasient)
    behov = behov_make(plan)
    maal = maal_make(behov)
    tiltak = tiltak_make(plan, behov=behov)
    client = logged_in(lege_med_relasjon)
    # when
    client.post(_url(pasient, "evaluering/ny/"), {"hva": f"maal:{maal.pk}", "tekst": "Bedre"})
    client.post(_url(pasient, f"maal/{maal.pk}/naadd/"))
    client.post(_url(pasient, f"tiltak/{tiltak.pk}/avslutt/"), {"grunn": "Klarer selv"})
    client.post(_url(pasient, f"behov/{behov.pk}/los/"))
    client.post(
        _url(pasient, f"{plan.pk}/ip/"),
        {"individuell_plan": "on", "koordinator": str(kollega_samme_enhet.pk)},
    )
    client.post(_url(pasient, f"{plan.pk}/avslutt/"), {"grunn": "Flyttet"})
    # then
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AVSLUTTET
    assert plan.koordinator == kollega_samme_enhet
    assert plan.evalueringer.count() == 1
    historikk = client.get(_url(pasient, "historikk/")).content.decode()
    assert "Avsluttet" in historikk
    detalj = client.get(_url(pasient, f"{plan.pk}/")).content.decode()
    assert "Bedre" in detalj
    assert "Klarer selv" in detalj
    assert "Pasienten har ingen aktiv tiltaksplan." in client.get(_url(pasient)).content.decode()


def test_ip_without_coordinator_is_refused_in_norwegian(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    plan = plan_make(pasient)
    # when
    response = logged_in(lege_med_relasjon).post(
        _url(pasient, f"{plan.pk}/ip/"), {"individuell_plan": "on"}
    )
    # then
    assert response.status_code == 400
    assert "Velg en koordinator" in response.content.decode()


def test_helsefagarbeider_sees_the_plan_without_forms(
    kollega_samme_enhet: Ansatt, pasient: Pasient
) -> None:
    # given
    tiltak_make(plan_make(pasient))
    # when
    html = logged_in(kollega_samme_enhet).get(_url(pasient)).content.decode()
    # then
    assert "Tilby drikke" in html
    assert 'data-testid="tiltak-ny"' not in html


@pytest.mark.parametrize(
    "rest",
    [
        "ny/",
        "{plan}/avslutt/",
        "{plan}/ip/",
        "behov/{behov}/los/",
        "maal/{maal}/naadd/",
        "tiltak/{tiltak}/avslutt/",
    ],
)
def test_stranger_gets_the_same_404_for_every_write(
    rest: str, ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    # given
    plan = plan_make(pasient)
    behov = behov_make(plan)
    ids = {
        "plan": plan.pk,
        "behov": behov.pk,
        "maal": maal_make(behov).pk,
        "tiltak": tiltak_make(plan).pk,
    }
    client = logged_in(ansatt_annen_enhet)
    # when
    denied = client.post(_url(pasient, rest.format(**ids)))
    missing = client.post(_url(PasientFactory.build(), rest.format(**ids)))
    # then
    assert denied.status_code == missing.status_code == 404
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AKTIV


def test_day_list_shows_todays_occurrences_of_the_unit(
    lege_med_relasjon: Ansatt, pasient: Pasient, django_assert_max_num_queries: Any
) -> None:
    # given: every day 08:00 and 20:00
    plan = plan_make(pasient)
    tiltak_make(
        plan,
        frekvens="daglig",
        tidspunkter=[dt.time(20, 0), dt.time(8, 0)],
        start=idag(),
    )
    client = logged_in(lege_med_relasjon)
    client.get("/pasienter/tiltak/i-dag/")
    # when
    with django_assert_max_num_queries(15):
        response = client.get("/pasienter/tiltak/i-dag/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(pasient.fullt_navn) == 2
    assert html.index("08:00") < html.index("20:00")


def test_plan_page_query_count_does_not_grow_with_the_plan(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = plan_make(pasient)
    behov = behov_make(plan)
    tiltak_make(plan, behov=behov)
    client = logged_in(lege_med_relasjon)
    client.get(_url(pasient))
    with CaptureQueriesContext(connection) as small:
        client.get(_url(pasient))
    # when
    for i in range(8):
        b = behov_make(plan, f"Problem {i}")
        maal_make(b)
        tiltak_make(plan, behov=b)
    with CaptureQueriesContext(connection) as big:
        client.get(_url(pasient))
    # then
    assert len(big.captured_queries) == len(small.captured_queries)
