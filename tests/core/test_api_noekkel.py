"""API keys as a client sees them: one per login, a lifetime, logout, deactivation."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from core.audit import AuditEvent
from core.klokke import klokke_offset, klokke_set, naa
from core.models import Ansatt, ApiNoekkel, AuditLogg, Enhet
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token/"
LOGOUT = "/api/v1/auth/logout/"
MEG = "/api/v1/meg/"


def login(username: str, password: str) -> dict[str, str]:
    response = APIClient().post(TOKEN, {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    body: dict[str, str] = response.json()
    return body


def client_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_each_login_gets_its_own_key_and_both_work(
    lege_med_relasjon: Ansatt, password: str
) -> None:
    # when
    first = login("lege1", password)
    second = login("lege1", password)
    # then
    assert first["token"] != second["token"]
    assert client_with(first["token"]).get(MEG).status_code == 200
    assert client_with(second["token"]).get(MEG).status_code == 200


def test_only_a_hash_of_the_key_is_stored(lege_med_relasjon: Ansatt, password: str) -> None:
    # when
    key = login("lege1", password)["token"]
    # then
    stored = ApiNoekkel.objects.get(ansatt=lege_med_relasjon)
    assert stored.noekkel_hash == hashlib.sha256(key.encode()).hexdigest()
    assert not ApiNoekkel.objects.filter(noekkel_hash=key).exists()


@override_settings(API_NOEKKEL_TIMER=8)
def test_the_key_expires_after_its_lifetime(lege_med_relasjon: Ansatt, password: str) -> None:
    # given
    body = login("lege1", password)
    client = client_with(body["token"])
    assert client.get(MEG).status_code == 200
    stored = ApiNoekkel.objects.get(ansatt=lege_med_relasjon)
    # then: eight hours from now, as the answer says
    assert abs(stored.utloeper - (naa() + dt.timedelta(hours=8))) < dt.timedelta(minutes=1)
    assert dt.datetime.fromisoformat(body["utloeper"]) == stored.utloeper
    # when: the lifetime has passed
    klokke_set(klokke_offset() + dt.timedelta(hours=8, seconds=1))
    response = client.get(MEG)
    # then
    assert response.status_code == 401
    assert "utløpt" in response.json()["detail"]


def test_logout_revokes_only_that_key(lege_med_relasjon: Ansatt, password: str) -> None:
    # given: two logins, both used (so both checks are cached)
    phone, laptop = login("lege1", password)["token"], login("lege1", password)["token"]
    assert client_with(phone).get(MEG).status_code == 200
    assert client_with(laptop).get(MEG).status_code == 200
    # when
    response = client_with(phone).post(LOGOUT)
    # then
    assert response.status_code == 204
    assert client_with(phone).get(MEG).status_code == 401
    assert client_with(laptop).get(MEG).status_code == 200
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.TOKEN_REVOKED, aktor_id=lege_med_relasjon.pk
    ).exists()


def test_logout_without_a_key_is_401() -> None:
    assert APIClient().post(LOGOUT).status_code == 401


def test_deactivating_a_person_revokes_all_their_keys(
    lege_med_relasjon: Ansatt, password: str, enhet: Enhet
) -> None:
    # given: two live keys, in use
    keys = [login("lege1", password)["token"] for _ in range(2)]
    pasient = PasientFactory(relasjon_til=enhet)
    for key in keys:
        assert client_with(key).get(f"/api/v1/pasienter/{pasient.pk}/").status_code == 200
    # when: an administrator deactivates the person (as the admin form saves it)
    lege_med_relasjon.is_active = False
    lege_med_relasjon.save()
    # then
    for key in keys:
        assert client_with(key).get(f"/api/v1/pasienter/{pasient.pk}/").status_code == 401
    assert (
        ApiNoekkel.objects.filter(ansatt=lege_med_relasjon, tilbakekalt__isnull=True).count() == 0
    )
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.TOKENS_REVOKED_ALL, objekt_id=str(lege_med_relasjon.pk)
    ).exists()


def test_an_unknown_key_is_401_in_norwegian() -> None:
    response = client_with("ikke-en-nokkel").get(MEG)
    assert response.status_code == 401
    assert "API-nøkkel" in response.json()["detail"]
