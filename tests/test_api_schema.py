"""OpenAPI schema and interactive docs, with every asset served by us (no CDN)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_schema_lists_the_patient_and_token_endpoints() -> None:
    # when
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    # then
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/pasienter/", "/api/v1/pasienter/{pasient_id}/", "/api/v1/auth/token/"} <= set(
        schema["paths"]
    )


def test_docs_load_their_assets_from_our_own_server() -> None:
    # when
    page = Client().get("/api/docs/").content.decode()
    # then
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets
    assert all(a.startswith("/static/") for a in assets if a.endswith((".js", ".css")))
    assert "unpkg" not in page
    assert "cdn." not in page
    script = next(a for a in assets if a.endswith(".js"))
    assert Client().get(script).status_code == 200
