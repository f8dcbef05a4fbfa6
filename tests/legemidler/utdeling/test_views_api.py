"""The round page, signing with and without HTMX, the missed-dose page, the chart and its
PDF, and the API (FHIR-shaped administrations; 404 alike for other units' patients)."""

from __future__ import annotations

import pytest

from legemidler.models import Administrasjon, Dosevarsel
from legemidler.services import dosevarsel_dispenser_register
from tests.conftest import api_client, logged_in
from tests.legemidler.utdeling.conftest import DAG, Avdeling, oslo

pytestmark = pytest.mark.django_db
KL8 = oslo(DAG, "08:00")


def _sign(avd: Avdeling, **fields: str) -> dict[str, str]:
    return {
        "forordning": str(avd.paracet.pk),
        "forfall": KL8.isoformat(),
        "neste": "/legemidler/utdeling/",
        "feil": f"dose-{avd.paracet.pk}-202603100700-feil",
        **fields,
    }


def test_nurse_sees_the_round_and_signs_a_dose(avd: Avdeling) -> None:
    client = logged_in(avd.spl1)
    html = client.get("/legemidler/utdeling/").content.decode()
    assert "Utdeling: Morgen 10.03.2026" in html
    assert html.count('data-testid="dose"') == 3
    assert "Dobbeltkontroll" in html
    response = client.post("/legemidler/utdeling/signer/", _sign(avd, status="gitt"))
    assert response.status_code == 302
    assert Administrasjon.objects.get().signert_av == avd.spl1
    html = client.get("/legemidler/utdeling/").content.decode()
    assert "Dosen er signert." in html
    assert "1 av 3 doser signert" in html


def test_htmx_errors_go_to_the_rows_slot_and_keep_the_form(avd: Avdeling) -> None:
    client = logged_in(avd.spl1)
    response = client.post(
        "/legemidler/utdeling/signer/",
        _sign(avd, status="ikke_gitt"),
        headers={"HX-Request": "true"},
    )
    assert response.content.decode() == "Velg hvorfor dosen ikke ble gitt."
    assert response["HX-Retarget"] == f"#dose-{avd.paracet.pk}-202603100700-feil"
    ok = client.post(
        "/legemidler/utdeling/signer/",
        _sign(avd, status="ikke_gitt", grunn="nektet"),
        headers={"HX-Request": "true"},
    )
    assert ok["HX-Redirect"] == "/legemidler/utdeling/"
    twice = client.post(
        "/legemidler/utdeling/signer/", _sign(avd, status="gitt"), headers={"HX-Request": "true"}
    )
    assert "allerede signert av Siri Sol" in twice.content.decode()


def test_second_signature_on_the_page_by_another_nurse(avd: Avdeling) -> None:
    client = logged_in(avd.spl1)
    client.post(
        "/legemidler/utdeling/signer/",
        _sign(avd, forordning=str(avd.morfin.pk), status="gitt"),
    )
    a = Administrasjon.objects.get()
    assert (
        'data-testid="kontrollsigner"' not in client.get("/legemidler/utdeling/").content.decode()
    )
    same = client.post(f"/legemidler/utdeling/{a.pk}/kontroll/", {"neste": "/legemidler/utdeling/"})
    assert same.status_code == 302
    other = logged_in(avd.spl2)
    assert 'data-testid="kontrollsigner"' in other.get("/legemidler/utdeling/").content.decode()
    other.post(f"/legemidler/utdeling/{a.pk}/kontroll/", {"neste": "/legemidler/utdeling/"})
    a.refresh_from_db()
    assert a.kontrollert_av == avd.spl2


def test_another_units_nurse_gets_404_for_signing(avd: Avdeling) -> None:
    client = logged_in(avd.spl_annen)
    response = client.post("/legemidler/utdeling/signer/", _sign(avd, status="gitt"))
    assert response.status_code == 404
    assert not Administrasjon.objects.exists()


def test_the_missed_dose_page_lists_and_closes_a_dispenser_event(avd: Avdeling) -> None:
    v = dosevarsel_dispenser_register(
        pasient_id=avd.ola.pk,
        enhet_id=avd.avdeling.pk,
        tidspunkt=oslo(DAG, "09:20"),
        hendelse_ref="evt-9",
    )
    client = logged_in(avd.spl2)
    html = client.get("/legemidler/dosevarsler/").content.decode()
    assert "Medisindispenser: dose ikke tatt" in html
    assert "Ola Dal" in html
    client.post(f"/legemidler/dosevarsler/{v.pk}/lukk/", {"tiltak": "Ringte Ola, tok dosen"})
    v.refresh_from_db()
    assert v.tiltak == "Ringte Ola, tok dosen"
    assert v.lukket_av == avd.spl2
    assert "Ingen åpne varsler." in client.get("/legemidler/dosevarsler/").content.decode()
    assert Dosevarsel.objects.count() == 1


def test_the_chart_page_and_pdf(avd: Avdeling) -> None:
    client = logged_in(avd.spl1)
    html = client.get(f"/legemidler/pasient/{avd.kari.pk}/kurve/?dager=14").content.decode()
    assert html.count('data-testid="kurverad"') == 2
    assert client.get(f"/legemidler/pasient/{avd.fremmed.pk}/kurve/").status_code == 404
    assert client.get(f"/legemidler/pasient/{avd.kari.pk}/kurve/?dager=9").status_code == 400
    pdf = client.get(f"/legemidler/pasient/{avd.kari.pk}/kurve.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_api_round_sign_and_fhir_shape(avd: Avdeling) -> None:
    client = api_client(avd.spl1)
    runde = client.get("/api/v1/legemidler/runder/").json()
    assert [d["tilstand"] for d in runde["doser"]] == ["venter", "venter", "venter"]
    created = client.post(
        "/api/v1/legemidler/administrasjoner/",
        {"forordning": str(avd.morfin.pk), "forfall": KL8.isoformat(), "status": "gitt"},
        format="json",
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["dose"], body["performer"][0]["funksjon"]) == (
        "in-progress",
        {"value": "1", "unit": "tablett"},
        "performer",
    )
    same = client.post(
        f"/api/v1/legemidler/administrasjoner/{body['id']}/kontrollsignatur/", format="json"
    )
    assert same.status_code == 400
    assert same.json()["detail"] == (
        "Andre signatur må gis av en annen person enn den som ga dosen."
    )
    done = api_client(avd.spl2).post(
        f"/api/v1/legemidler/administrasjoner/{body['id']}/kontrollsignatur/", format="json"
    )
    assert done.json()["status"] == "completed"
    assert [p["funksjon"] for p in done.json()["performer"]] == ["performer", "verifier"]
    other = api_client(avd.spl_annen).post(
        "/api/v1/legemidler/administrasjoner/",
        {"forordning": str(avd.paracet.pk), "forfall": KL8.isoformat(), "status": "gitt"},
        format="json",
    )
    assert other.status_code == 404
    kurve = client.get(f"/api/v1/legemidler/pasienter/{avd.kari.pk}/kurve/?dager=7").json()
    assert len(kurve["dager"]) == 7
    assert len(kurve["forordninger"]) == 2
    assert client.get("/api/v1/legemidler/dosevarsler/").json()["resultater"] == []
