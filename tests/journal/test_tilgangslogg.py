"""The patient's access log (innsyn i logg): who opened the record, when, from where and why."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from core.audit import AuditEvent
from core.klokke import naa
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Pasient
from tests.conftest import actor, api_client, logged_in
from tests.factories import PasientFactory
from tests.html_tables import table_rows

pytestmark = pytest.mark.django_db

AKUTT_GRUNN = "Bevisstløs pasient funnet i gangen"


def log_rows(html: str) -> list[dict[str, str]]:
    """The access log as the patient reads it: one dict per row, newest first."""
    rows = []
    for cells in table_rows(html, "tilgangslogg"):
        if len(cells) != 5:  # header row or "Ingen oppslag."
            continue
        when, who, unit, what, basis = cells
        rows.append(
            {
                "tidspunkt": " ".join(when),
                "hvem": who[0],
                "yrke": who[1] if len(who) > 1 else "",
                "enhet": " ".join(unit),
                "hva": " ".join(what),
                "grunnlag": " ".join(basis),
            }
        )
    return rows


def log_url(pasient_id: object) -> str:
    return f"/pasienter/{pasient_id}/tilgangslogg/"


def api_log_url(pasient_id: object) -> str:
    return f"/api/v1/pasienter/{pasient_id}/tilgangslogg/"


def _reads(pasient: Pasient, n: int, enhet: Enhet) -> list[AuditLogg]:
    """n earlier look-ups of the patient, one minute apart (oldest last)."""
    now = naa()
    return [
        AuditLogg.objects.create(
            tidspunkt=now - dt.timedelta(hours=1, minutes=i),
            hendelse=AuditEvent.PASIENT_READ,
            aktor_navn=f"Vikar {i:02d}",
            aktor_yrke="Sykepleier",
            enhet_id=enhet.pk,
            pasient_id=pasient.pk,
            grunnlag="relasjon",
        )
        for i in range(n)
    ]


def test_log_shows_who_opened_the_record_with_profession_unit_and_basis(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    assert client.get(f"/pasienter/{pasient.pk}/").status_code == 200
    read = AuditLogg.objects.get(hendelse=AuditEvent.PASIENT_READ)
    # when
    page = client.get(log_url(pasient.pk))
    # then
    assert page.status_code == 200
    assert "Hvem har sett journalen til Kari Østby" in page.content.decode()
    assert log_rows(page.content.decode()) == [
        {
            "tidspunkt": timezone.localtime(read.tidspunkt).strftime("%d.%m.%Y %H:%M"),
            "hvem": "Lise Lege",
            "yrke": "Lege",
            "enhet": "Hjemmetjenesten sone nord",
            "hva": "Pasient åpnet",
            "grunnlag": "Behandlingsrelasjon med enheten",
        }
    ]


def test_patient_page_links_to_the_access_log(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    # when
    page = client.get(f"/pasienter/{pasient.pk}/")
    # then
    assert f'href="{log_url(pasient.pk)}"' in page.content.decode()


def test_log_without_lookups_says_so(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given: nobody has opened the record yet
    client = logged_in(lege_med_relasjon)
    # when
    page = client.get(log_url(pasient.pk))
    # then
    assert page.status_code == 200
    assert log_rows(page.content.decode()) == []
    assert "Ingen oppslag." in page.content.decode()


def test_emergency_access_shows_its_reason_as_the_basis(
    lege_med_relasjon: Ansatt, annen_enhet: Enhet, pasient: Pasient
) -> None:
    # given: a nurse of another unit opens the record with emergency access
    sykepleier = actor(
        annen_enhet, "sykepleier", first_name="Siri", last_name="Sand", helsepersonellkategori="SP"
    )
    nurse = logged_in(sykepleier)
    opened = nurse.post(
        "/pasienter/tilgang/",
        {"identifikator": pasient.identifikator, "type": "akutt", "begrunnelse": AKUTT_GRUNN},
    )
    assert opened.status_code == 302
    assert nurse.get(opened["Location"]).status_code == 200
    # when: the patient's own unit reads the log
    page = logged_in(lege_med_relasjon).get(log_url(pasient.pk))
    # then
    rows = log_rows(page.content.decode())
    assert [(r["hvem"], r["yrke"], r["enhet"], r["hva"], r["grunnlag"]) for r in rows] == [
        (
            "Siri Sand",
            "Sykepleier",
            "Sykehjemmet avdeling 2",
            "Pasient åpnet",
            f"Akuttilgang: {AKUTT_GRUNN}",
        ),
        (
            "Siri Sand",
            "Sykepleier",
            "Sykehjemmet avdeling 2",
            "Tilgang utenfor behandlingsrelasjon",
            f"Akuttilgang: {AKUTT_GRUNN}",
        ),
    ]


def test_api_returns_the_same_rows_with_paging_keys(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given: the doctor opened the record and then read its log in the browser
    client = logged_in(lege_med_relasjon)
    client.get(f"/pasienter/{pasient.pk}/")
    web_rows = log_rows(client.get(log_url(pasient.pk)).content.decode())
    read = AuditLogg.objects.get(hendelse=AuditEvent.PASIENT_READ)
    # when
    response = api_client(lege_med_relasjon).get(api_log_url(pasient.pk))
    # then: the same look-up, and the browser's reading of the log on top
    assert response.status_code == 200
    body = response.json()
    assert (body["side"], body["neste"], body["forrige"]) == (1, None, None)
    rows = body["resultater"]
    assert all(set(r) == {"tidspunkt", "hvem", "yrke", "enhet", "hva", "grunnlag"} for r in rows)
    assert [(r["hvem"], r["hva"]) for r in rows] == [
        ("Lise Lege", "Tilgangslogg lest"),
        ("Lise Lege", "Pasient åpnet"),
    ]
    looked_up = rows[1]
    assert dt.datetime.fromisoformat(looked_up["tidspunkt"]) == read.tidspunkt
    assert {k: v for k, v in looked_up.items() if k != "tidspunkt"} == {
        k: v for k, v in web_rows[0].items() if k != "tidspunkt"
    }


def test_stranger_gets_the_same_404_as_for_a_missing_patient_on_page_and_api(
    ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    # given: staff of another unit, without relationship or access to the patient
    web = logged_in(ansatt_annen_enhet)
    api = api_client(ansatt_annen_enhet)
    missing = uuid.uuid4()
    # when
    denied_page, missing_page = web.get(log_url(pasient.pk)), web.get(log_url(missing))
    denied_api, missing_api = api.get(api_log_url(pasient.pk)), api.get(api_log_url(missing))
    # then
    assert denied_page.status_code == missing_page.status_code == 404
    assert denied_page.content == missing_page.content
    assert "Fant ikke det du lette etter" in denied_page.content.decode()
    assert denied_api.status_code == missing_api.status_code == 404
    assert denied_api.json() == missing_api.json() == {"detail": "Fant ikke det du lette etter."}
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.TILGANGSLOGG_READ).exists()


def test_admin_without_patient_rights_cannot_read_the_log(
    admin_uten_pasienttilgang: Ansatt, pasient: Pasient
) -> None:
    # given: an administrator in the patient's own unit, whose role grants no patient rights
    web, rest = logged_in(admin_uten_pasienttilgang), api_client(admin_uten_pasienttilgang)
    # when
    page = web.get(log_url(pasient.pk))
    api = rest.get(api_log_url(pasient.pk))
    # then
    assert page.status_code == api.status_code == 404


def test_reading_the_log_is_itself_audited(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    web, api = logged_in(lege_med_relasjon), api_client(lege_med_relasjon)
    # when
    web.get(log_url(pasient.pk))
    api.get(api_log_url(pasient.pk))
    # then
    rows = AuditLogg.objects.filter(hendelse=AuditEvent.TILGANGSLOGG_READ).order_by("tidspunkt")
    assert [(r.aktor_id, r.pasient_id, r.kanal) for r in rows] == [
        (lege_med_relasjon.pk, pasient.pk, "web"),
        (lege_med_relasjon.pk, pasient.pk, "api"),
    ]
    assert all(r.aktor_navn == "Lise Lege" for r in rows)


def test_log_shows_only_this_patients_rows(
    lege_med_relasjon: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given: the doctor opens another patient of the unit too
    annen = PasientFactory(relasjon_til=enhet, fornavn="Ola", etternavn="Nordmann")
    client = logged_in(lege_med_relasjon)
    client.get(f"/pasienter/{annen.pk}/")
    # when
    page = client.get(log_url(pasient.pk))
    # then
    assert log_rows(page.content.decode()) == []


def test_web_log_pages_through_more_than_fifty_rows(
    lege_med_relasjon: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    _reads(pasient, 55, enhet)
    client = logged_in(lege_med_relasjon)
    # when
    first = client.get(log_url(pasient.pk))
    second = client.get(log_url(pasient.pk), {"side": 2})
    # then: reading page 1 added one row on top, so page 2 holds the last 6
    first_rows, second_rows = log_rows(first.content.decode()), log_rows(second.content.decode())
    assert len(first_rows) == 50
    assert first_rows[0]["hvem"] == "Vikar 00"
    assert "Neste side" in first.content.decode()
    assert "Forrige side" not in first.content.decode()
    assert [r["hvem"] for r in second_rows] == [f"Vikar {i:02d}" for i in range(49, 55)]
    assert "Forrige side" in second.content.decode()
    assert "Neste side" not in second.content.decode()


def test_api_log_pages_through_more_than_fifty_rows(
    lege_med_relasjon: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    _reads(pasient, 55, enhet)
    api = api_client(lege_med_relasjon)
    # when
    first = api.get(api_log_url(pasient.pk)).json()
    second = api.get(first["neste"]).json()
    # then
    assert len(first["resultater"]) == 50
    assert first["forrige"] is None
    assert first["neste"].endswith("?side=2")
    assert second["side"] == 2
    assert second["neste"] is None
    assert second["forrige"].endswith("?side=1")
    assert [r["hvem"] for r in second["resultater"]] == [f"Vikar {i:02d}" for i in range(49, 55)]


def test_api_rejects_a_malformed_page_number_in_norwegian(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    api = api_client(lege_med_relasjon)
    # when
    response = api.get(api_log_url(pasient.pk), {"side": "to"})
    # then
    assert response.status_code == 400
    assert response.json() == {"detail": "Sidenummer må være et positivt heltall."}


def test_web_log_rejects_a_malformed_page_number_with_400(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    client.raise_request_exception = False
    # when
    response = client.get(log_url(pasient.pk), {"side": "to"})
    # then
    assert response.status_code == 400
    assert "Sidenummer må være et positivt heltall." in response.content.decode()
