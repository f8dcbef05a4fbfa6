"""The page for critical information and diagnoses, and the CAVE list in the patient banner."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Diagnose, DiagnoseStatus, KritiskInformasjon, Pasient
from journal.seeds import kodeverk_startsett_load
from tests.conftest import actor, logged_in

pytestmark = pytest.mark.django_db

ALLERGI = {
    "type": "allergi",
    "tittel": "Penicillin",
    "reaksjon": "Anafylaksi",
    "alvorlighet": "livstruende",
    "sikkerhet": "bekreftet",
    "kilde": "Epikrise",
    "dato": "2020-05-01",
    "besluttet_av": "",
}


@pytest.fixture(autouse=True)
def _startsett(db: None) -> None:
    kodeverk_startsett_load()


def _url(pasient: Pasient, rest: str = "") -> str:
    return f"/pasienter/{pasient.pk}/{rest}"


def test_register_an_allergy_that_then_shows_in_the_banner(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    # when
    response = client.post(_url(pasient, "kritisk/ny/"), ALLERGI)
    # then: back to the page, and the banner on every patient page shows the allergy
    assert response.status_code == 302
    assert response["Location"] == _url(pasient, "kritisk/#kritisk")
    for page in ("", "kritisk/"):
        html = client.get(_url(pasient, page)).content.decode()
        assert 'data-testid="banner-kritisk"' in html
        assert "Allergi: Penicillin" in html
        assert "cave-livstruende" in html
        assert "Livstruende" in html
    assert AuditLogg.objects.filter(hendelse=AuditEvent.KRITISK_CREATED).count() == 1


def test_a_do_not_resuscitate_decision_is_prominent_in_the_banner(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    decision = {
        **ALLERGI,
        "type": "beslutning",
        "tittel": "Ikke HLR",
        "reaksjon": "",
        "alvorlighet": "ukjent",
        "sikkerhet": "",
        "besluttet_av": "Lege Lise Lege",
        "dato": "2024-02-01",
    }
    # when
    client.post(_url(pasient, "kritisk/ny/"), decision)
    html = client.get(_url(pasient)).content.decode()
    # then
    assert "cave-beslutning" in html
    assert "<strong>Ikke HLR</strong>" in html
    assert "besluttet av Lege Lise Lege, 01.02.2024" in html


def test_without_critical_information_the_banner_says_so(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    html = logged_in(lege_med_relasjon).get(_url(pasient)).content.decode()
    # then
    assert "Ingen kritisk informasjon registrert" in html


def test_rule_errors_come_back_on_the_form_in_norwegian(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    response = logged_in(lege_med_relasjon).post(
        _url(pasient, "kritisk/ny/"), {**ALLERGI, "sikkerhet": ""}
    )
    # then
    assert response.status_code == 400
    assert "Oppgi om reaksjonen er bekreftet eller mistenkt." in response.content.decode()
    assert not KritiskInformasjon.objects.exists()


def test_the_page_lists_active_and_history_and_reads_are_audited(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    client.post(_url(pasient, "kritisk/ny/"), ALLERGI)
    client.post(
        _url(pasient, "kritisk/ny/"), {**ALLERGI, "tittel": "Lateks", "sikkerhet": "mistenkt"}
    )
    lateks = KritiskInformasjon.objects.get(tittel="Lateks")
    # when
    deactivated = client.post(
        _url(pasient, f"kritisk/{lateks.pk}/avslutt/"), {"grunn": "Prikktest negativ"}
    )
    before = list(AuditLogg.objects.values_list("pk", flat=True))
    page = client.get(_url(pasient, "kritisk/"))
    # then
    html = page.content.decode()
    assert deactivated.status_code == 302
    assert page.status_code == 200
    _before, rest = html.split('data-testid="kritisk-aktive"')
    active, history = rest.split('data-testid="kritisk-historikk"')
    assert "Penicillin" in active
    assert "Lateks" not in active
    assert "Lateks" in history
    assert "Prikktest negativ" in history
    reads = AuditLogg.objects.exclude(pk__in=before).filter(pasient_id=pasient.pk)
    assert set(reads.values_list("hendelse", flat=True)) == {
        AuditEvent.PASIENT_READ,
        AuditEvent.KRITISK_READ,
        AuditEvent.DIAGNOSE_READ,
    }


def test_deactivate_without_reason_shows_the_page_with_the_error(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    client.post(_url(pasient, "kritisk/ny/"), ALLERGI)
    kritisk = KritiskInformasjon.objects.get()
    # when
    response = client.post(_url(pasient, f"kritisk/{kritisk.pk}/avslutt/"), {"grunn": " "})
    # then
    assert response.status_code == 400
    assert "Skriv hvorfor." in response.content.decode()
    kritisk.refresh_from_db()
    assert kritisk.aktiv


def test_set_a_diagnosis_by_typed_code_and_close_it(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    # when
    created = client.post(
        _url(pasient, "diagnoser/ny/"),
        {"kodeverk": "ICD-10", "kode": "e11.9", "debut": "2018-01-15", "merknad": "Kostbehandlet"},
    )
    diagnose = Diagnose.objects.get()
    page = client.get(_url(pasient, "kritisk/")).content.decode()
    closed = client.post(
        _url(pasient, f"diagnoser/{diagnose.pk}/avslutt/"), {"status": "avsluttet", "grunn": ""}
    )
    # then
    assert created.status_code == closed.status_code == 302
    assert created["Location"] == _url(pasient, "kritisk/#diagnoser")
    assert "E119" in page
    assert "Diabetes mellitus type 2 uten komplikasjoner" in page
    assert "15.01.2018" in page
    diagnose.refresh_from_db()
    assert (diagnose.kode.kode, diagnose.debut, diagnose.status) == (
        "E119",
        dt.date(2018, 1, 15),
        DiagnoseStatus.AVSLUTTET,
    )


def test_unknown_code_and_missing_reason_are_shown_in_norwegian(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    client.post(_url(pasient, "diagnoser/ny/"), {"kodeverk": "ICPC-2", "kode": "T90"})
    diagnose = Diagnose.objects.get()
    # when
    unknown = client.post(_url(pasient, "diagnoser/ny/"), {"kodeverk": "ICPC-2", "kode": "T00"})
    twice = client.post(_url(pasient, "diagnoser/ny/"), {"kodeverk": "ICPC-2", "kode": "t90"})
    no_reason = client.post(
        _url(pasient, f"diagnoser/{diagnose.pk}/avslutt/"), {"status": "feilregistrert"}
    )
    # then
    assert unknown.status_code == twice.status_code == no_reason.status_code == 400
    assert "Fant ikke koden «T00» i ICPC-2." in unknown.content.decode()
    assert "allerede T90 Diabetes type 2 som aktiv diagnose" in twice.content.decode()
    assert "Skriv hvorfor." in no_reason.content.decode()
    assert Diagnose.objects.get().status == DiagnoseStatus.AKTIV


def test_strangers_get_the_same_404_for_every_page_and_post(
    ansatt_annen_enhet: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    logged_in(lege_med_relasjon).post(_url(pasient, "kritisk/ny/"), ALLERGI)
    kritisk = KritiskInformasjon.objects.get()
    stranger = logged_in(ansatt_annen_enhet)
    missing = stranger.get(f"/pasienter/{uuid.uuid4()}/kritisk/")
    # when
    responses = [
        stranger.get(_url(pasient, "kritisk/")),
        stranger.post(_url(pasient, "kritisk/ny/"), ALLERGI),
        stranger.post(_url(pasient, f"kritisk/{kritisk.pk}/avslutt/"), {"grunn": "Nei"}),
        stranger.post(_url(pasient, "diagnoser/ny/"), {"kodeverk": "ICPC-2", "kode": "T90"}),
    ]
    # then
    assert {r.status_code for r in responses} == {404}
    assert {r.content for r in responses} == {missing.content}
    kritisk.refresh_from_db()
    assert kritisk.aktiv
    assert KritiskInformasjon.objects.count() == 1
    # nothing was read or written; the refused attempts are logged as refused
    assert (
        not AuditLogg.objects.filter(aktor_id=ansatt_annen_enhet.pk)
        .exclude(hendelse=AuditEvent.PASIENT_READ_REFUSED)
        .exists()
    )


def test_a_reader_without_the_right_to_write_sees_no_forms_and_gets_403(
    enhet: Enhet, pasient: Pasient
) -> None:
    # given
    leder = actor(enhet, "leder", username="leder1")
    client = logged_in(leder)
    # when
    page = client.get(_url(pasient, "kritisk/"))
    post = client.post(_url(pasient, "kritisk/ny/"), ALLERGI)
    # then
    assert page.status_code == 200
    assert 'id="ny-kritisk"' not in page.content.decode()
    assert 'id="ny-diagnose"' not in page.content.decode()
    assert post.status_code == 403


def test_the_banner_costs_one_query_however_many_entries(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    client.get(_url(pasient))  # warm up the session and the acting unit
    with CaptureQueriesContext(connection) as none:
        client.get(_url(pasient))
    client.post(_url(pasient, "kritisk/ny/"), ALLERGI)
    with CaptureQueriesContext(connection) as one:
        client.get(_url(pasient))
    for tittel in ("Lateks", "Nøtter", "Jod", "Ibux"):
        client.post(_url(pasient, "kritisk/ny/"), {**ALLERGI, "tittel": tittel})
    # when
    with CaptureQueriesContext(connection) as five:
        response = client.get(_url(pasient))
    # then
    assert response.content.decode().count('data-testid="cave"') == 5
    assert len(none) == len(one) == len(five)
    banner_queries = [
        q["sql"] for q in five.captured_queries if "journal_kritiskinformasjon" in q["sql"]
    ]
    assert len(banner_queries) == 1
