"""Immunization (the health station's vaccinations) and Encounter for GP consultations, as a
FHIR client sees them: validated with fhir.resources, searched by patient, date and status,
the same 404 for a stranger as for a missing one, blocked diagnoses left out."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class

from core.klokke import naa
from core.models import Ansatt
from integrasjoner.fhir.lib import systemer
from journal.models import Sperring, SperringMal
from tests.conftest import api_client
from tests.integrasjoner.fhir.data import Journal, journal_make
from tjenester.helsestasjon.models import Vaksinasjon

pytestmark = pytest.mark.django_db


@pytest.fixture
def journal(enhet: Any, lege_med_relasjon: Ansatt) -> Journal:
    return journal_make(enhet, lege_med_relasjon)


def validate(resource: dict[str, Any]) -> Any:
    return get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def matches(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    validate(bundle)
    return [e["resource"] for e in bundle.get("entry", []) if e["search"]["mode"] == "match"]


def refused_and_wrong(journal: Journal, ansatt: Ansatt) -> tuple[Vaksinasjon, Vaksinasjon]:
    refused = Vaksinasjon.objects.create(
        pasient=journal.pasient,
        enhet=journal.vaksinasjon.enhet,
        vaksine="MMR",
        dose_nr=1,
        status="reservert",
        tidspunkt=naa() - dt.timedelta(days=40),
        reservasjon_foresatt="Mor",
        reservasjon_begrunnelse="Ønsker å vente",
        registrert_av=ansatt,
    )
    wrong = Vaksinasjon.objects.create(
        pasient=journal.pasient,
        enhet=journal.vaksinasjon.enhet,
        vaksine="Rotavirus",
        dose_nr=1,
        status="feilregistrert",
        tidspunkt=naa() - dt.timedelta(days=400),
        batch="R1",
        sted="munn",
        feilregistrert_grunn="Feil barn",
        registrert_av=ansatt,
    )
    return refused, wrong


# --- Immunization ---------------------------------------------------------------------------


def test_a_given_dose_refusal_and_wrong_entry_as_immunizations(
    lege_med_relasjon: Ansatt, journal: Journal
) -> None:
    # given
    refused, wrong = refused_and_wrong(journal, lege_med_relasjon)
    client = api_client(lege_med_relasjon)
    # when
    found = matches(
        client.get("/fhir/Immunization", {"patient": f"Patient/{journal.pasient.pk}"}).json()
    )
    # then: newest first, every one valid FHIR
    assert [i["id"] for i in found] == [
        str(journal.vaksinasjon.pk),
        str(refused.pk),
        str(wrong.pk),
    ]
    given, not_done, error = found
    for resource in found:
        validate(resource)
        assert resource["patient"]["reference"] == f"Patient/{journal.pasient.pk}"
    assert given["status"] == "completed"
    assert given["vaccineCode"] == {"text": "DTP-IPV-Hib-HepB (Infanrix hexa)"}
    assert given["lotNumber"] == "A21CB123"
    assert given["site"]["coding"][0]["code"] == "LT"
    assert given["performer"][0]["actor"]["reference"] == f"Practitioner/{lege_med_relasjon.pk}"
    assert given["protocolApplied"][0]["doseNumberPositiveInt"] == 1
    assert given["primarySource"] is True
    assert not_done["status"] == "not-done"
    assert not_done["statusReason"]["coding"][0]["code"] == "PATOBJ"
    assert not_done["statusReason"]["text"] == "Ønsker å vente"
    assert "performer" not in not_done
    assert error["status"] == "entered-in-error"
    assert error["route"]["coding"][0]["code"] == "PO"
    assert error["note"] == [{"text": "Feilregistrert: Feil barn"}]


def test_immunizations_searched_by_status_and_date_and_read(
    lege_med_relasjon: Ansatt, journal: Journal
) -> None:
    # given
    refused, wrong = refused_and_wrong(journal, lege_med_relasjon)
    client = api_client(lege_med_relasjon)
    patient = f"Patient/{journal.pasient.pk}"
    # when
    not_done = client.get("/fhir/Immunization", {"patient": patient, "status": "not-done"})
    recent = client.get(
        "/fhir/Immunization",
        {"patient": patient, "date": f"ge{(naa() - dt.timedelta(days=60)).date().isoformat()}"},
    )
    with_patient = client.get(
        "/fhir/Immunization", {"patient": patient, "_include": "Immunization:patient"}
    )
    bad_status = client.get("/fhir/Immunization", {"patient": patient, "status": "gitt"})
    read = client.get(f"/fhir/Immunization/{wrong.pk}")
    xml = client.get(f"/fhir/Immunization/{refused.pk}", {"_format": "xml"})
    # then
    assert [i["id"] for i in matches(not_done.json())] == [str(refused.pk)]
    assert [i["id"] for i in matches(recent.json())] == [
        str(journal.vaksinasjon.pk),
        str(refused.pk),
    ]
    included = [e for e in with_patient.json()["entry"] if e["search"]["mode"] == "include"]
    assert [e["resource"]["resourceType"] for e in included] == ["Patient"]
    assert bad_status.status_code == 400
    assert bad_status.json()["issue"][0]["code"] == "invalid"
    assert read.status_code == 200
    assert validate(read.json()).status == "entered-in-error"
    assert xml.status_code == 200
    get_fhir_model_class("Immunization").model_validate_xml(xml.content)


def test_a_stranger_reads_an_immunization_as_missing_and_finds_none(
    lege_med_relasjon: Ansatt, ansatt_annen_enhet: Ansatt, journal: Journal
) -> None:
    # given
    stranger = api_client(ansatt_annen_enhet)
    # when
    theirs = stranger.get(f"/fhir/Immunization/{journal.vaksinasjon.pk}")
    nobodys = stranger.get(f"/fhir/Immunization/{uuid.uuid4()}")
    searched = stranger.get("/fhir/Immunization", {"patient": f"Patient/{journal.pasient.pk}"})
    unscoped = stranger.get("/fhir/Immunization", {"status": "completed"})
    mine = api_client(lege_med_relasjon).get(f"/fhir/Immunization/{journal.vaksinasjon.pk}")
    # then
    assert theirs.status_code == nobodys.status_code == 404
    assert theirs.json() == nobodys.json()
    assert theirs.json()["resourceType"] == "OperationOutcome"
    assert matches(searched.json()) == []
    assert matches(unscoped.json()) == []
    assert mine.status_code == 200


# --- Encounter for GP consultations ---------------------------------------------------------


def test_a_gp_consultation_is_an_ambulatory_encounter_with_icpc2_reasons(
    lege_med_relasjon: Ansatt, journal: Journal
) -> None:
    # given
    client = api_client(lege_med_relasjon)
    patient = f"Patient/{journal.pasient.pk}"
    # when
    found = matches(client.get("/fhir/Encounter", {"patient": patient, "class": "AMB"}).json())
    read = client.get(f"/fhir/Encounter/konsultasjon-{journal.konsultasjon.pk}")
    # then
    assert [e["id"] for e in found] == [f"konsultasjon-{journal.konsultasjon.pk}"]
    encounter = read.json()
    validate(encounter)
    assert encounter == found[0]
    assert encounter["class"]["code"] == "AMB"
    assert encounter["status"] == "finished"
    assert encounter["participant"][0]["individual"]["reference"] == (
        f"Practitioner/{lege_med_relasjon.pk}"
    )
    icpc = encounter["reasonCode"][0]["coding"][0]
    assert (icpc["system"], icpc["code"]) == (systemer.ICPC2, "K86")
    assert encounter["reasonCode"][1] == {"text": "Kontroll av blodtrykk"}


def test_a_blocked_diagnosis_is_left_out_of_the_consultation_reasons(
    lege_med_relasjon: Ansatt, kollega_samme_enhet: Ansatt, journal: Journal
) -> None:
    # given: the patient blocks the diagnosis for one colleague
    Sperring.objects.create(
        pasient=journal.pasient,
        mal=SperringMal.ANSATT,
        ansatt=kollega_samme_enhet,
        objekt_type="journal.Diagnose",
        objekt_id=str(journal.diagnose.pk),
    )
    ident = f"konsultasjon-{journal.konsultasjon.pk}"
    patient = {"patient": f"Patient/{journal.pasient.pk}", "class": "AMB"}
    # when
    hers_read = api_client(kollega_samme_enhet).get(f"/fhir/Encounter/{ident}").json()
    hers_found = matches(api_client(kollega_samme_enhet).get("/fhir/Encounter", patient).json())
    his = api_client(lege_med_relasjon).get(f"/fhir/Encounter/{ident}").json()
    # then
    assert hers_read["reasonCode"] == [{"text": "Kontroll av blodtrykk"}]
    assert hers_found[0]["reasonCode"] == [{"text": "Kontroll av blodtrykk"}]
    assert "K86" in str(his["reasonCode"])


@pytest.mark.parametrize("n", [1, 8])
def test_a_search_over_many_patients_consultations_costs_the_same_queries(
    lege_med_relasjon: Ansatt,
    enhet: Any,
    journal: Journal,
    n: int,
    django_assert_max_num_queries: Any,
) -> None:
    # given: n more patients of the unit, each with a consultation and a diagnosis
    for i in range(n):
        journal_make(enhet, lege_med_relasjon, etternavn=f"Konsultasjonsen{i}")
    client = api_client(lege_med_relasjon)
    # when
    with django_assert_max_num_queries(8):
        bundle = client.get("/fhir/Encounter", {"class": "AMB", "_count": "100"}).json()
    # then
    found = matches(bundle)
    assert len(found) == n + 1
    assert all(e["reasonCode"][0]["coding"][0]["code"] == "K86" for e in found)


def test_a_stranger_reads_a_consultation_as_missing(
    ansatt_annen_enhet: Ansatt, journal: Journal
) -> None:
    # given
    stranger = api_client(ansatt_annen_enhet)
    # when
    theirs = stranger.get(f"/fhir/Encounter/konsultasjon-{journal.konsultasjon.pk}")
    nobodys = stranger.get(f"/fhir/Encounter/konsultasjon-{uuid.uuid4()}")
    searched = stranger.get("/fhir/Encounter", {"class": "AMB"})
    # then
    assert theirs.status_code == nobodys.status_code == 404
    assert theirs.json() == nobodys.json()
    assert matches(searched.json()) == []


def test_the_capability_statement_lists_immunization_and_the_gp_class(
    lege_med_relasjon: Ansatt,
) -> None:
    # when
    statement = api_client(lege_med_relasjon).get("/fhir/metadata").json()
    # then
    listed = {r["type"]: r for r in statement["rest"][0]["resource"]}
    assert [p["name"] for p in listed["Immunization"]["searchParam"]] == [
        "patient",
        "date",
        "status",
    ]
    assert {"MedicationRequest", "MedicationStatement", "MedicationAdministration"} <= set(listed)
    encounter_class = next(p for p in listed["Encounter"]["searchParam"] if p["name"] == "class")
    assert "AMB" in encounter_class["documentation"]
