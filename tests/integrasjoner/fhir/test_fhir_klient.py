"""A FHIR client over real HTTP: log in for a token, find a patient by fødselsnummer and
read their conditions, allergies, vital signs, care plan, vaccinations and GP
consultations, every answer parsed with fhir.resources (R4B models)."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from core.models import Ansatt, Enhet
from integrasjoner.fhir.lib import systemer
from tests.integrasjoner.fhir.data import journal_make


def _bundle(base: str, headers: dict[str, str], path: str, **params: str) -> Bundle:
    response = requests.get(f"{base}/fhir/{path}", params=params, headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/fhir+json")
    return Bundle.model_validate_json(response.content)


def _resources(bundle: Bundle) -> list[Any]:
    return [e.resource for e in bundle.entry or [] if e.search and e.search.mode == "match"]


@pytest.mark.django_db(transaction=True)
def test_a_fhir_client_finds_a_patient_by_fnr_and_reads_the_record(
    live_server: Any, lege_med_relasjon: Ansatt, enhet: Enhet, password: str
) -> None:
    # given
    journal = journal_make(enhet, lege_med_relasjon)
    base = str(live_server.url)
    token = requests.post(
        f"{base}/api/v1/auth/token/",
        json={"username": lege_med_relasjon.username, "password": password},
        timeout=30,
    ).json()["token"]
    headers = {"Authorization": f"Token {token}", "Accept": "application/fhir+json"}

    # when: what a client does first, then the search by fødselsnummer
    metadata = requests.get(f"{base}/fhir/metadata", timeout=30)
    found = _bundle(
        base, headers, "Patient", identifier=f"{systemer.FNR}|{journal.pasient.identifikator}"
    )
    [patient] = _resources(found)
    subject = f"Patient/{patient.id}"
    conditions = _resources(_bundle(base, headers, "Condition", patient=subject))
    allergies = _resources(_bundle(base, headers, "AllergyIntolerance", patient=subject))
    vitals = _resources(
        _bundle(base, headers, "Observation", patient=subject, category="vital-signs")
    )
    plans = _resources(_bundle(base, headers, "CarePlan", patient=subject))
    vaccinations = _resources(_bundle(base, headers, "Immunization", patient=subject))
    gp = _resources(_bundle(base, headers, "Encounter", patient=subject, **{"class": "AMB"}))

    # then
    statement = CapabilityStatement.model_validate_json(metadata.content)
    assert statement.fhirVersion == "4.0.1"
    assert patient.identifier[0].system == systemer.FNR
    assert patient.identifier[0].value == journal.pasient.identifikator
    assert [(c.code.coding[0].system, c.code.coding[0].code) for c in conditions] == [
        (systemer.ICPC2, "K86")
    ]
    assert [a.code.text for a in allergies] == ["Penicillin"]
    assert allergies[0].criticality == "high"
    loinc = {o.code.coding[0].code for o in vitals}
    assert {"85354-9", "8867-4", "9279-1", "59408-5", "8310-5", "29463-7"} <= loinc
    assert [p.activity[0].detail.description for p in plans] == ["Hjelp til morgenstell"]
    assert [(v.status, v.lotNumber) for v in vaccinations] == [("completed", "A21CB123")]
    assert [e.reasonCode[0].coding[0].code for e in gp] == ["K86"]
