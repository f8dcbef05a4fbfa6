"""The HTML pages: search (full page and HTMX partial), patient page, registration."""

from __future__ import annotations

import uuid

import pytest

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Pasient
from tests.conftest import logged_in
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db


def test_search_page_and_htmx_partial(lege_med_relasjon: Ansatt, enhet: Enhet) -> None:
    # given
    ostby = PasientFactory(relasjon_til=enhet, fornavn="Kari", etternavn="Østby")
    client = logged_in(lege_med_relasjon)
    # when
    full = client.get("/pasienter/", {"sok": "ostby"})
    partial = client.get(
        "/pasienter/", {"sok": "ostby"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="resultater"
    )
    # then
    assert full.status_code == partial.status_code == 200
    assert "<html" in full.content.decode()
    assert "<html" not in partial.content.decode()
    for response in (full, partial):
        assert f"/pasienter/{ostby.pk}/" in response.content.decode()
        assert "Østby, Kari" in response.content.decode()


def test_search_hints_and_no_hits(lege_med_relasjon: Ansatt) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    # when
    short = client.get("/pasienter/", {"sok": "a"})
    none = client.get("/pasienter/", {"sok": "zzzz"})
    # then
    assert "Skriv minst to bokstaver" in short.content.decode()
    assert "Ingen av pasientene enheten din har behandlingsrelasjon med" in none.content.decode()


def test_patient_page_shows_banner_and_is_audited(lege_med_relasjon: Ansatt, enhet: Enhet) -> None:
    # given
    pasient = PasientFactory(
        relasjon_til=enhet,
        fornavn="Kari",
        etternavn="Østby",
        tolkebehov=True,
        foretrukket_sprak="polsk",
    )
    client = logged_in(lege_med_relasjon)
    # when
    page = client.get(f"/pasienter/{pasient.pk}/")
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert "Kari Østby" in html
    assert pasient.identifikator_visning in html
    assert f"{pasient.alder()} år" in html
    assert "Trenger tolk (polsk)" in html
    row = AuditLogg.objects.get(hendelse=AuditEvent.PASIENT_READ)
    assert (row.pasient_id, row.aktor_id, row.kanal) == (pasient.pk, lege_med_relasjon.pk, "web")


def test_missing_and_not_allowed_patient_pages_are_the_same_norwegian_404(
    lege_med_relasjon: Ansatt, admin_uten_pasienttilgang: Ansatt, pasient: Pasient
) -> None:
    # when
    missing = logged_in(lege_med_relasjon).get(f"/pasienter/{uuid.uuid4()}/")
    denied = logged_in(admin_uten_pasienttilgang).get(f"/pasienter/{pasient.pk}/")
    # then
    assert missing.status_code == denied.status_code == 404
    assert missing.content == denied.content
    assert "Fant ikke det du lette etter" in missing.content.decode()


def test_register_patient_through_the_form(lege_med_relasjon: Ansatt) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    form = {
        "identifikator": "28894698995",
        "fornavn": "Ola",
        "etternavn": "Sæther",
        "fodselsdato": "1946-09-28",
        "kjonn": "mann",
        "malform": "nn",
        "paarorende_navn": "Kari Sæther",
        "paarorende_relasjon": "datter",
    }
    # when
    created = client.post("/pasienter/ny/", form)
    # then
    pasient = Pasient.objects.get(identifikator="28894698995")
    assert created.status_code == 302
    assert created["Location"] == f"/pasienter/{pasient.pk}/"
    assert pasient.paarorende.get().navn == "Kari Sæther"
    assert pasient.malform == "nn"


def test_register_with_bad_input_shows_norwegian_errors_and_keeps_input(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    form = {
        "identifikator": pasient.identifikator,
        "fornavn": "Ola",
        "etternavn": "Sæther",
        "fodselsdato": "1946-09-28",
        "kjonn": "mann",
        "malform": "nb",
        "kommunenummer": "12a",
        "paarorende_navn": "Kari",
    }
    # when
    response = client.post("/pasienter/ny/", form)
    second = client.post(
        "/pasienter/ny/", {**form, "kommunenummer": "", "paarorende_relasjon": "datter"}
    )
    # then
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kommunenummer må være fire sifre." in html
    assert "Oppgi relasjon til pasienten." in html
    assert 'value="Sæther"' in html
    assert "finnes allerede" in second.content.decode()
    assert Pasient.objects.count() == 1


def test_unknown_page_is_a_norwegian_404(lege_med_relasjon: Ansatt) -> None:
    # when
    response = logged_in(lege_med_relasjon).get("/finnes-ikke/")
    # then
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()
