"""Requests with an API key take the lean path (issue 12): no session, CSRF cookie, session
user, flash messages or CSP of their own (core.middleware.token_api_request), and still every
security property: the key alone decides who acts, it is checked on every request, the
answer is not cached, and the audit row is written."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet
from tests.conftest import logged_in
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token/"
LOGOUT = "/api/v1/auth/logout/"
MEG = "/api/v1/meg/"


def key_for(username: str, password: str) -> str:
    response = APIClient().post(TOKEN, {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def test_a_keyed_read_sets_no_cookie_and_is_audited_and_never_cached(
    lege_med_relasjon: Ansatt, password: str, enhet: Enhet
) -> None:
    # given
    pasient = PasientFactory(relasjon_til=enhet)
    client = Client(HTTP_AUTHORIZATION=f"Token {key_for('lege1', password)}")
    # when
    response = client.get(f"/api/v1/pasienter/{pasient.pk}/")
    # then: the patient, no session or CSRF cookie, the API's own headers
    assert response.status_code == 200
    assert response.json()["id"] == str(pasient.pk)
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert response["X-Request-ID"]
    assert response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.PASIENT_READ, pasient_id=pasient.pk, aktor_id=lege_med_relasjon.pk
    ).exists()


def test_the_key_decides_who_acts_not_a_session_in_the_same_browser(
    lege_med_relasjon: Ansatt, ansatt_annen_enhet: Ansatt, password: str
) -> None:
    # given: a browser logged in as spl2 that also sends lege1's key
    browser = logged_in(ansatt_annen_enhet)
    key = key_for("lege1", password)
    # when
    with_key = browser.get(MEG, HTTP_AUTHORIZATION=f"Token {key}")
    without_key = browser.get(MEG)
    # then: the key's person; the session still works on its own
    assert with_key.status_code == 200
    assert with_key.json()["brukernavn"] == "lege1"
    assert without_key.status_code == 200
    assert without_key.json()["brukernavn"] == "spl2"


def test_a_wrong_or_revoked_key_is_refused_even_beside_a_valid_session(
    lege_med_relasjon: Ansatt, ansatt_annen_enhet: Ansatt, password: str
) -> None:
    # given
    browser = logged_in(ansatt_annen_enhet)
    key = key_for("lege1", password)
    assert browser.get(MEG, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    APIClient(HTTP_AUTHORIZATION=f"Token {key}").post(LOGOUT)
    # when
    revoked = browser.get(MEG, HTTP_AUTHORIZATION=f"Token {key}")
    wrong = browser.get(MEG, HTTP_AUTHORIZATION="Token feil")
    # then: 401, never the session's person
    assert revoked.status_code == 401
    assert wrong.status_code == 401


def test_pages_keep_their_content_security_policy_and_session(
    lege_med_relasjon: Ansatt,
) -> None:
    # when: an HTML page, even with a key header
    response = logged_in(lege_med_relasjon).get("/", HTTP_AUTHORIZATION="Token noe")
    # then
    assert "Content-Security-Policy" in response
