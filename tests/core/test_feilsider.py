"""Error pages users see are Norwegian in every mode: an unknown address under DEBUG
(`make run`) is our 404, not Django's English page listing every URL pattern; a very long
query string (a pasted text in the patient search) is a Norwegian 414."""

from __future__ import annotations

import pytest
from django.test import override_settings

from core.models import Ansatt, Enhet
from tests.conftest import actor, logged_in


@pytest.fixture
def sykepleier(enhet: Enhet) -> Ansatt:
    return actor(enhet, "sykepleier", username="spl-feil")


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.django_db
def test_an_address_that_matches_nothing_is_our_norwegian_404(
    sykepleier: Ansatt, debug: bool
) -> None:
    client = logged_in(sykepleier)
    with override_settings(DEBUG=debug):
        response = client.get("/hjemmetjeneste/besok/not-a-uuid/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Fant ikke siden" in html
    assert "URLconf" not in html
    assert "Page not found" not in html


@pytest.mark.django_db
def test_a_developer_may_ask_for_the_technical_404(sykepleier: Ansatt) -> None:
    client = logged_in(sykepleier)
    with override_settings(DEBUG=True, KJ_TEKNISK_404=True):
        response = client.get("/hjemmetjeneste/besok/not-a-uuid/")
    assert response.status_code == 404
    assert "URLconf" in response.content.decode()


@pytest.mark.django_db
def test_a_missing_slash_still_redirects_under_debug(sykepleier: Ansatt) -> None:
    client = logged_in(sykepleier)
    with override_settings(DEBUG=True):
        response = client.get("/pasienter")
    assert response.status_code == 301
    assert response["Location"] == "/pasienter/"


@pytest.mark.django_db
def test_a_pasted_novel_in_the_patient_search_is_answered_in_norwegian(
    sykepleier: Ansatt,
) -> None:
    client = logged_in(sykepleier)
    # when: about 5,000 characters pasted (more than the field allows)
    response = client.get("/pasienter/", {"sok": "Kari Østby bor i Storgata 1. " * 170})
    # then
    assert response.status_code == 414
    html = response.content.decode()
    assert "Adressen er for lang" in html
    assert "høyst 200 tegn" in html


@pytest.mark.django_db
def test_the_search_field_limits_the_length_and_a_long_search_says_why(
    sykepleier: Ansatt,
) -> None:
    client = logged_in(sykepleier)
    page = client.get("/pasienter/").content.decode()
    assert 'maxlength="200"' in page
    response = client.get("/pasienter/", {"sok": "x" * 300})
    assert response.status_code == 200
    assert "Søket er for langt." in response.content.decode()


@pytest.mark.django_db
def test_the_api_answers_a_long_query_string_with_a_json_detail(sykepleier: Ansatt) -> None:
    response = logged_in(sykepleier).get("/api/v1/pasienter/", {"sok": "x" * 3000})
    assert response.status_code == 414
    assert "for lang" in response.json()["detail"]
