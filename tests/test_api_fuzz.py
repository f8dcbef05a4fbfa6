"""Schemathesis over every operation of /api/schema/ (issue 13 §1, §2): generated requests,
valid and invalid, as a logged-in person acting in a unit. Fails on any 5xx and on any
response that does not match what the schema says.

In process (Django's WSGI app, inside the test's transaction), with a bounded number of
examples per operation so the whole run stays within a few minutes on two cores; raise
KJ_FUZZ_EXAMPLES for a deeper run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from core.models import Action, Ansatt, Enhet, EnhetType, Rolle, RolleRettighet
from tests.factories import (
    PASSWORD,
    AnsattFactory,
    EnhetFactory,
    JournalnotatFactory,
    KartleggingFactory,
    PasientFactory,
    TilknytningFactory,
)
from tests.journal.tiltaksplan_data import plan_make

EXAMPLES = int(os.environ.get("KJ_FUZZ_EXAMPLES", "10"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _schema_dict() -> dict[str, Any]:
    """The schema as /api/schema/ serves it (generated here: collection has no database)."""
    generator = SchemaGenerator()  # type: ignore[no-untyped-call]
    generated = generator.get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    data: dict[str, Any] = json.loads(OpenApiJsonRenderer().render(generated))
    return data


schema = schemathesis.openapi.from_dict(_schema_dict())
schema.app = get_wsgi_application()


def test_the_fuzzed_schema_is_the_served_one(db: None) -> None:
    # the test above runs against what clients read
    served = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert set(served.json()["paths"]) == set(schema.raw_schema["paths"])


def _all_rights_role() -> Rolle:
    rolle, _ = Rolle.objects.get_or_create(kode="fuzz-alt", defaults={"navn": "Alle rettigheter"})
    for action in Action.values:
        RolleRettighet.objects.get_or_create(rolle=rolle, action=action)
    return rolle


@pytest.fixture
def fuzz_world(db: None) -> Iterator[dict[str, Any]]:
    """A person with every right in a home-care zone and a nursing-home ward, and a patient
    of both with a note, an assessment and a care plan: ids the fuzzer can hit."""
    sone: Enhet = EnhetFactory(navn="Fuzz sone", type=EnhetType.HJEMMETJENESTE_SONE)
    avdeling: Enhet = EnhetFactory(navn="Fuzz avdeling", type=EnhetType.SYKEHJEMSAVDELING)
    rolle = _all_rights_role()
    ansatt: Ansatt = AnsattFactory(username="fuzz", helsepersonellkategori="SP")
    for enhet in (sone, avdeling):
        TilknytningFactory(enhet=enhet, rolle=rolle, ansatt=ansatt)
    pasient = PasientFactory(relasjon_til=sone)
    ids = {
        "pasient_id": str(pasient.pk),
        "notat_id": str(JournalnotatFactory(pasient=pasient, signert=True).pk),
        "kartlegging_id": str(KartleggingFactory(pasient=pasient).pk),
        "plan_id": str(plan_make(pasient).pk),
    }
    token = Client().post(
        "/api/v1/auth/token/",
        {"username": "fuzz", "password": PASSWORD},
        content_type="application/json",
    )
    assert token.status_code == 200, token.content
    # Like Django's test client: the WSGI handler must not close the connection that holds
    # the test's transaction at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {"token": token.json()["token"], "sone": sone, "avdeling": avdeling, "ids": ids}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_api(case: Any, fuzz_world: dict[str, Any]) -> None:
    # given: real ids for most path parameters, so requests reach past the 404
    for name, value in fuzz_world["ids"].items():
        if case.path_parameters and name in case.path_parameters:
            case.path_parameters[name] = value
    enhet = fuzz_world["avdeling"] if "/sykehjem/" in case.path else fuzz_world["sone"]
    headers = {"Authorization": f"Token {fuzz_world['token']}", "X-Enhet": str(enhet.pk)}
    # when / then
    case.call_and_validate(headers=headers, checks=CHECKS)
