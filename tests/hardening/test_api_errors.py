"""Every /api/ error is JSON with a Norwegian `detail` (issue 13 §6): no HTML page, no
English parser text, whatever the client sends."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from core.models import Ansatt
from journal.models import Pasient
from tests.conftest import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[False, True], ids=["production", "debug"], autouse=True)
def debug(request: pytest.FixtureRequest, settings: Any) -> None:
    """`make run` has DEBUG on, where Django's own error pages are HTML: same answers."""
    settings.DEBUG = request.param


ENGLISH = ("JSON parse error", "out of range", "Not found", "Invalid", "must be", "Must be")


def _norwegian_json(response: object) -> str:
    assert response["Content-Type"].startswith("application/json")  # type: ignore[index]
    detail = response.json()["detail"]  # type: ignore[attr-defined]
    text = detail if isinstance(detail, str) else str(detail)
    assert not any(word in text for word in ENGLISH), text
    return text


def test_a_non_uuid_id_is_a_json_404(lege_med_relasjon: Ansatt) -> None:
    # when
    response = api_client(lege_med_relasjon).get("/api/v1/pasienter/ikke-en-uuid/")
    # then
    assert response.status_code == 404
    assert "Fant ikke" in _norwegian_json(response)


def test_an_unknown_api_address_is_a_json_404() -> None:
    # when
    response = Client().get("/api/v1/finnes-ikke/")
    # then
    assert response.status_code == 404
    _norwegian_json(response)


def test_a_body_of_5_mb_is_a_json_400(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    body = '{"tekst": "' + "x" * (5 * 1024 * 1024) + '"}'
    # when
    response = api_client(lege_med_relasjon).post(
        f"/api/v1/pasienter/{pasient.pk}/journalnotater/",
        body,
        content_type="application/json",
    )
    # then
    assert response.status_code in (400, 413)
    assert "stor" in _norwegian_json(response)


def test_broken_json_is_a_norwegian_400(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    response = api_client(lege_med_relasjon).post(
        f"/api/v1/pasienter/{pasient.pk}/malinger/", "{ikke json", content_type="application/json"
    )
    # then
    assert response.status_code == 400
    assert "JSON" in _norwegian_json(response)


@pytest.mark.parametrize("tidspunkt", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"])
def test_an_out_of_range_datetime_is_a_norwegian_400(
    lege_med_relasjon: Ansatt, pasient: Pasient, tidspunkt: str
) -> None:
    # when
    response = api_client(lege_med_relasjon).post(
        f"/api/v1/pasienter/{pasient.pk}/malinger/",
        {"tidspunkt": tidspunkt, "puls": 70},
        format="json",
    )
    # then
    assert response.status_code == 400
    body = str(response.json())
    assert "range" not in body
    assert "Dato" in body or "Tidspunkt" in body or "tidspunkt" in body


def test_an_unsupported_media_type_is_norwegian(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    response = api_client(lege_med_relasjon).post(
        f"/api/v1/pasienter/{pasient.pk}/malinger/", "<x/>", content_type="application/xml"
    )
    # then
    assert response.status_code == 415
    assert "request" not in _norwegian_json(response)


def test_a_post_to_an_unknown_api_address_is_a_json_404(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    response = Client(enforce_csrf_checks=True).post(
        f"/api/v1/pasienter/{pasient.pk}/finnes-ikke/", {}, content_type="application/json"
    )
    # then
    assert response.status_code == 404
    _norwegian_json(response)
