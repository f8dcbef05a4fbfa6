"""The patient API as an API client sees it: token auth, search, detail, create, errors."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Pasient
from tests.conftest import api_client
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db
LIST = "/api/v1/pasienter/"


def detail(pasient_id: object) -> str:
    return f"{LIST}{pasient_id}/"


def test_token_login_and_search_with_the_token(
    lege_med_relasjon: Ansatt, password: str, enhet: Enhet
) -> None:
    # given
    ostby = PasientFactory(relasjon_til=enhet, fornavn="Kari", etternavn="Østby")
    client = APIClient()
    # when
    token = client.post(
        "/api/v1/auth/token/", {"username": "lege1", "password": password}, format="json"
    )
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    found = client.get(LIST, {"sok": "ostby"})
    # then
    assert token.status_code == 200
    assert found.status_code == 200
    body = found.json()
    assert [p["id"] for p in body["resultater"]] == [str(ostby.pk)]
    assert body["neste"] is None
    assert body["side"] == 1
    assert AuditLogg.objects.filter(hendelse=AuditEvent.TOKEN_ISSUED).count() == 1


def test_token_with_wrong_password_is_401_in_norwegian(lege_med_relasjon: Ansatt) -> None:
    # when
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "lege1", "password": "nei"}, format="json"
    )
    # then
    assert response.status_code == 401
    assert response.json()["detail"] == "Feil brukernavn eller passord."


def test_anonymous_gets_401(pasient: Pasient) -> None:
    # when
    listing = APIClient().get(LIST, {"sok": "ostby"})
    one = APIClient().get(detail(pasient.pk))
    # then
    assert listing.status_code == 401
    assert one.status_code == 401
    assert "autentisering" in listing.json()["detail"].lower()


def test_paging_links_without_counting(lege_med_relasjon: Ansatt, enhet: Enhet) -> None:
    # given
    for i in range(23):
        PasientFactory(relasjon_til=enhet, etternavn=f"Bakke{i:02d}")
    client = api_client(lege_med_relasjon)
    # when
    first = client.get(LIST, {"sok": "bakke"}).json()
    second = client.get(first["neste"]).json()
    # then
    assert len(first["resultater"]) == 20
    assert len(second["resultater"]) == 3
    assert second["neste"] is None
    assert second["forrige"] is not None


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Oppgi et søk"),
        ({"sok": "ha", "side": "x"}, "Sidenummer"),
        ({"sok": "ha", "side": "0"}, "Sidenummer"),
        ({"sok": "a" * 201}, "for langt"),
    ],
)
def test_bad_search_input_is_400(
    lege_med_relasjon: Ansatt, params: dict[str, str], message: str
) -> None:
    # when
    response = api_client(lege_med_relasjon).get(LIST, params)
    # then
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_detail_is_audited(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    response = api_client(lege_med_relasjon).get(detail(pasient.pk))
    # then
    assert response.status_code == 200
    assert response.json()["etternavn"] == "Østby"
    row = AuditLogg.objects.get(hendelse=AuditEvent.PASIENT_READ)
    assert (row.pasient_id, row.aktor_id, row.kanal) == (pasient.pk, lege_med_relasjon.pk, "api")


def test_missing_and_not_allowed_look_the_same(
    lege_med_relasjon: Ansatt, admin_uten_pasienttilgang: Ansatt, pasient: Pasient
) -> None:
    # when
    missing = api_client(lege_med_relasjon).get(detail(uuid.uuid4()))
    denied = api_client(admin_uten_pasienttilgang).get(detail(pasient.pk))
    # then
    assert missing.status_code == denied.status_code == 404
    assert missing.json() == denied.json() == {"detail": "Fant ikke det du lette etter."}
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.PASIENT_READ).exists()


def test_forged_unit_header_gives_no_rights(
    lege_med_relasjon: Ansatt, annen_enhet: Enhet, pasient: Pasient
) -> None:
    # given
    client = api_client(lege_med_relasjon)
    client.credentials(HTTP_X_ENHET=str(annen_enhet.pk))
    # when
    one = client.get(detail(pasient.pk))
    search = client.get(LIST, {"sok": "ostby"})
    # then: no rights, and a Norwegian 400 that says the unit is not hers (never a 403
    # about the role, never the patient)
    for response in (one, search):
        assert response.status_code == 400
        assert "ikke en av enhetene dine" in response.json()["detail"]
        assert "Østby" not in response.content.decode()


def test_create_returns_201_and_the_patient(lege_med_relasjon: Ansatt) -> None:
    # given
    payload = {
        "identifikator": "10915596784",
        "fornavn": "Åse",
        "etternavn": "Bråten",
        "fodselsdato": "1955-11-10",
        "kjonn": "kvinne",
        "paarorende": [{"navn": "Ola Bråten", "relasjon": "sønn", "er_naermeste": True}],
    }
    # when
    response = api_client(lege_med_relasjon).post(LIST, payload, format="json")
    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["etternavn"] == "Bråten"
    assert body["paarorende"][0]["navn"] == "Ola Bråten"
    assert Pasient.objects.filter(identifikator="10915596784").exists()


def test_create_with_bad_input_gets_norwegian_field_errors(lege_med_relasjon: Ansatt) -> None:
    # given
    payload = {
        "identifikator": "13097248032",
        "fornavn": "",
        "fodselsdato": "31.02.1950",
        "postnummer": "12",
    }
    # when
    response = api_client(lege_med_relasjon).post(LIST, payload, format="json")
    # then
    assert response.status_code == 400
    errors = response.json()
    assert "påkrevd" in errors["etternavn"][0]
    assert "Postnummer må være fire sifre." in errors["postnummer"]
    assert "fodselsdato" in errors
    assert "fornavn" in errors
    assert not Pasient.objects.exists()


def test_create_with_invalid_identifier_or_duplicate(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    base = {"fornavn": "Ola", "etternavn": "Nordby", "fodselsdato": "1950-01-01"}
    client = api_client(lege_med_relasjon)
    # when
    invalid = client.post(LIST, {**base, "identifikator": "13097248032"}, format="json")
    duplicate = client.post(LIST, {**base, "identifikator": pasient.identifikator}, format="json")
    unknown_kommune = client.post(
        LIST, {**base, "identifikator": "28894698995", "kommunenummer": "0000"}, format="json"
    )
    # then
    assert invalid.status_code == duplicate.status_code == unknown_kommune.status_code == 400
    assert "kontrollsifrene" in invalid.json()["identifikator"][0]
    assert "finnes allerede" in duplicate.json()["identifikator"][0]
    assert "Ukjent kommunenummer" in unknown_kommune.json()["kommunenummer"][0]


def test_role_without_register_right_gets_403(admin_uten_pasienttilgang: Ansatt) -> None:
    # when
    response = api_client(admin_uten_pasienttilgang).post(
        LIST,
        {
            "identifikator": "10915596784",
            "fornavn": "A",
            "etternavn": "B",
            "fodselsdato": "1955-11-10",
        },
        format="json",
    )
    # then
    assert response.status_code == 403
    assert "Rollen din" in response.json()["detail"]


def test_session_client_without_csrf_gets_norwegian_403(lege_med_relasjon: Ansatt) -> None:
    # given
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(lege_med_relasjon)
    # when
    response = client.post(LIST, {"identifikator": "10915596784"}, format="json")
    # then
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert "mangler" in response.json()["detail"]


def test_refused_detail_read_is_logged_but_looks_missing(
    ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    # when
    response = api_client(ansatt_annen_enhet).get(detail(pasient.pk))
    # then
    assert response.status_code == 404
    row = AuditLogg.objects.get(hendelse=AuditEvent.PASIENT_READ_REFUSED)
    assert (row.aktor_id, row.pasient_id) == (ansatt_annen_enhet.pk, pasient.pk)
