"""OpenAPI schema and interactive docs, with every asset served by us (no CDN)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
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


def _schema() -> dict[str, Any]:
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    data: dict[str, Any] = response.json()
    return data


def test_the_schema_is_generated_without_a_single_warning(tmp_path: Path) -> None:
    # when / then: drf-spectacular's own check fails on any warning (name collisions,
    # unresolvable fields, enum clashes); `check --deploy` shows the same warnings
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def _ref(content: dict[str, Any]) -> str:
    schema = content.get("application/json", {}).get("schema", {})
    return str(schema.get("$ref") or schema.get("items", {}).get("$ref") or "")


def test_only_the_login_takes_user_name_and_password() -> None:
    # given
    schema = _schema()
    login = _ref(schema["paths"]["/api/v1/auth/token/"]["post"]["requestBody"]["content"])
    token = _ref(schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]["200"]["content"])
    # when
    bodies, answers = [], []
    for path, operations in schema["paths"].items():
        if path == "/api/v1/auth/token/":
            continue
        for operation in operations.values():
            if "requestBody" in operation:
                bodies.append(_ref(operation["requestBody"]["content"]))
            for response in operation.get("responses", {}).values():
                answers.append(_ref(response.get("content", {})))
    # then
    assert login not in bodies
    assert token not in answers


def test_countersign_conflict_names_the_field_it_returns() -> None:
    # given
    schema = _schema()
    path = "/api/v1/pasienter/{pasient_id}/journalnotater/{notat_id}/kontrasigner/"
    # when
    conflict = _ref(schema["paths"][path]["post"]["responses"]["409"]["content"])
    # then
    properties = schema["components"]["schemas"][conflict.rsplit("/", 1)[1]]["properties"]
    assert "versjon" in properties
    assert "lasversjon" not in properties


def test_times_of_day_are_documented_as_they_are_sent() -> None:
    # given
    schema = _schema()
    # when
    formats = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            formats.append(node.get("format"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema["components"]["schemas"])
    # then: "08:00" is not a `format: time` (that needs seconds and an offset)
    assert "time" not in formats


def test_every_paged_list_is_documented_with_its_results_as_a_list() -> None:
    # given: the schema as clients read it
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    components = response.json()["components"]["schemas"]
    # when: every page shape (side, neste, forrige, resultater: what side_response returns)
    pages = {
        name: shape
        for name, shape in components.items()
        if {"side", "neste", "forrige", "resultater"} <= set(shape.get("properties", {}))
    }
    # then: its results are an array, as the answers are (the health station's work list and
    # the dose alerts were once documented as a single object)
    assert {"Arbeidsliste", "DosevarselSide", "PasientSide"} <= set(pages)
    wrong = {n: s["properties"]["resultater"] for n, s in pages.items()}
    wrong = {n: r for n, r in wrong.items() if r.get("type") != "array"}
    assert not wrong, wrong
