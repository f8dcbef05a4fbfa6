"""The health-station API: allowed and denied (the same 404) for every operation."""

from __future__ import annotations

import pytest

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Pasient
from tests.conftest import api_client
from tjenester.helsestasjon.models import Foresatt, Programpunkt, Vaksinedose

pytestmark = pytest.mark.django_db
API = "/api/v1/helsestasjon"


def test_worklist_shows_the_child_due_this_week(
    helsesykepleier: Ansatt, ettaaring: Pasient
) -> None:
    response = api_client(helsesykepleier).get(f"{API}/arbeidsliste/")
    assert response.status_code == 200
    [rad] = response.json()["resultater"]
    assert rad["pasient"] == str(ettaaring.pk)
    assert "12-mnd" in [k["kode"] for k in rad["konsultasjoner"]]
    assert {"dtp-ipv-hib-hepb-3", "pkv-3"} <= {v["kode"] for v in rad["vaksiner"]}
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.ARBEIDSLISTE_LISTED, pasient_id=ettaaring.pk
    ).exists()


def test_worklist_of_another_station_does_not_show_the_child(
    fremmed: Ansatt, ettaaring: Pasient
) -> None:
    response = api_client(fremmed).get(f"{API}/arbeidsliste/?alle=1")
    assert response.status_code == 200
    assert response.json()["resultater"] == []


def test_worklist_bad_page_is_norwegian_400(helsesykepleier: Ansatt) -> None:
    response = api_client(helsesykepleier).get(f"{API}/arbeidsliste/?side=x")
    assert response.status_code == 400
    assert "Sidenummer" in response.json()["detail"]


def test_child_detail_allowed_and_denied(
    helsesykepleier: Ansatt, fremmed: Ansatt, ettaaring: Pasient
) -> None:
    ok = api_client(helsesykepleier).get(f"{API}/barn/{ettaaring.pk}/")
    assert ok.status_code == 200
    body = ok.json()
    assert body["innskrivning"]["enhet_navn"] == "Helsestasjonen i Kongsvinger"
    assert [p["kode"] for p in body["program"]][:2] == ["hjemmebesok", "4-uker"]
    denied = api_client(fremmed).get(f"{API}/barn/{ettaaring.pk}/")
    missing = api_client(fremmed).get(f"{API}/barn/00000000-0000-0000-0000-000000000000/")
    assert denied.status_code == missing.status_code == 404
    assert denied.json() == missing.json()


def test_give_vaccine_allowed_denied_and_batch_required(
    helsesykepleier: Ansatt, fremmed: Ansatt, ettaaring: Pasient
) -> None:
    dose = Vaksinedose.objects.get(kode="pkv-3")
    body = {"vaksinedose": str(dose.pk), "preparat": "Prevenar 13", "batch": "", "sted": "laar_v"}
    url = f"{API}/barn/{ettaaring.pk}/vaksinasjoner/"
    assert api_client(fremmed).post(url, body, format="json").status_code == 404
    tom = api_client(helsesykepleier).post(url, body, format="json")
    assert tom.status_code == 400
    assert "Batchnummer må fylles ut." in str(tom.json())
    ok = api_client(helsesykepleier).post(url, {**body, "batch": "X99"}, format="json")
    assert ok.status_code == 201
    assert ok.json()["batch"] == "X99"


def test_consultation_allowed_and_denied(
    helsesykepleier: Ansatt, fremmed: Ansatt, ettaaring: Pasient
) -> None:
    punkt = Programpunkt.objects.get(kode="12-mnd")
    body = {"programpunkt": str(punkt.pk), "status": "utfort", "notat": "Fin utvikling."}
    url = f"{API}/barn/{ettaaring.pk}/konsultasjoner/"
    assert api_client(fremmed).post(url, body, format="json").status_code == 404
    ok = api_client(helsesykepleier).post(url, body, format="json")
    assert ok.status_code == 201
    fremtid = api_client(helsesykepleier).post(url, {**body, "dato": "2999-01-01"}, format="json")
    assert fremtid.status_code == 400


def test_refusal_allowed_and_denied(
    helsesykepleier: Ansatt, fremmed: Ansatt, ettaaring: Pasient, mor: Foresatt
) -> None:
    dose = Vaksinedose.objects.get(kode="mmr-1")
    body = {"vaksinedose": str(dose.pk), "foresatt": str(mor.pk), "begrunnelse": "Vil vente."}
    url = f"{API}/barn/{ettaaring.pk}/reservasjoner/"
    assert api_client(fremmed).post(url, body, format="json").status_code == 404
    ok = api_client(helsesykepleier).post(url, body, format="json")
    assert ok.status_code == 201
    assert ok.json()["status"] == "reservert"


def test_enrol_by_api_needs_access(
    helsesykepleier: Ansatt, fremmed: Ansatt, ettaaring: Pasient, stasjon: Enhet
) -> None:
    body = {"pasient": str(ettaaring.pk), "grunn": "innflytting"}
    assert (
        api_client(fremmed).post(f"{API}/innskrivninger/", body, format="json").status_code == 404
    )
    dobbel = api_client(helsesykepleier).post(f"{API}/innskrivninger/", body, format="json")
    assert dobbel.status_code == 400
    assert "allerede innskrevet" in dobbel.json()["detail"]
