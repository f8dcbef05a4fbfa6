"""The FHIR API as a FHIR client sees it: every resource type validates with fhir.resources
(R4B models), identifiers are on the no-basis systems, the CapabilityStatement matches the
routes, access is the journal's, reads are audited, bad input is an OperationOutcome."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from fhir.resources.R4B import get_fhir_model_class
from rest_framework.test import APIClient

from core.audit import AuditEvent
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet, Rolle
from integrasjoner.fhir.lib import systemer
from integrasjoner.fhir.selectors import REGISTER
from journal.models import Sperring, SperringMal
from tests.conftest import api_client
from tests.factories import PasientFactory, TilknytningFactory
from tests.integrasjoner.fhir.data import Journal, journal_make, maaling_make

pytestmark = pytest.mark.django_db
NO_BASIS_SYSTEMS = {
    systemer.FNR,
    systemer.DNR,
    systemer.FHN,
    systemer.HNR,
    systemer.HPR,
    systemer.ORGNR,
    systemer.HER_ID,
}


@pytest.fixture
def journal(enhet: Enhet, lege_med_relasjon: Ansatt) -> Journal:
    return journal_make(enhet, lege_med_relasjon)


def validate(resource: dict[str, Any]) -> Any:
    """The resource parsed by fhir.resources (raises on anything not valid FHIR)."""
    model = get_fhir_model_class(resource["resourceType"])
    return model.model_validate(resource)


def identifier_systems(resource: dict[str, Any]) -> set[str]:
    found = {i["system"] for i in resource.get("identifier", [])}
    for gp in [*resource.get("generalPractitioner", []), resource.get("practitioner", {})]:
        if "identifier" in gp:
            found.add(gp["identifier"]["system"])
    return found


def entries(bundle: dict[str, Any], mode: str = "match") -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle.get("entry", []) if e["search"]["mode"] == mode]


def search_for(type_: str, journal: Journal) -> dict[str, str]:
    ressurs = REGISTER[type_]
    if "patient" in ressurs.parametre:
        return {"patient": f"Patient/{journal.pasient.pk}"}
    if type_ == "Patient":
        return {"identifier": f"{systemer.FNR}|{journal.pasient.identifikator}"}
    return {}


# --- CapabilityStatement and routes ---------------------------------------------------------


def test_metadata_lists_exactly_what_the_routes_answer() -> None:
    # when
    response = APIClient().get("/fhir/metadata")
    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    statement = response.json()
    validate(statement)
    listed = {r["type"]: r for r in statement["rest"][0]["resource"]}
    assert set(listed) == set(REGISTER)
    for type_, ressurs in REGISTER.items():
        assert [p["name"] for p in listed[type_]["searchParam"]] == list(ressurs.parametre)
        codes = {i["code"] for i in listed[type_]["interaction"]}
        assert codes == ({"read", "search-type"} if ressurs.les else {"search-type"})
    patterns = get_resolver().url_patterns
    fhir = next(p for p in patterns if isinstance(p, URLResolver) and p.namespace == "fhir")
    names = {p.name for p in fhir.url_patterns if isinstance(p, URLPattern)}
    expected = {f"{t}-search" for t in REGISTER} | {
        f"{t}-read" for t, r in REGISTER.items() if r.les
    }
    assert names == expected | {"metadata", "ukjent"}


# --- every resource type, read and search, validated ----------------------------------------


def test_every_resource_type_validates_and_uses_no_basis_identifiers(
    lege_med_relasjon: Ansatt, journal: Journal
) -> None:
    # given
    client = api_client(lege_med_relasjon)
    for type_ in REGISTER:
        # when
        response = client.get(f"/fhir/{type_}", search_for(type_, journal))
        # then
        assert response.status_code == 200, (type_, response.content)
        bundle = response.json()
        validate(bundle)
        found = entries(bundle)
        assert found, f"{type_} found nothing"
        as_xml = client.get(f"/fhir/{type_}", {**search_for(type_, journal), "_format": "xml"})
        assert as_xml.status_code == 200
        get_fhir_model_class("Bundle").model_validate_xml(as_xml.content)
        for resource in found:
            validate(resource)
            assert resource["resourceType"] == type_
            assert identifier_systems(resource) <= NO_BASIS_SYSTEMS
            if REGISTER[type_].les:
                read = client.get(f"/fhir/{type_}/{resource['id']}")
                assert read.status_code == 200, (type_, resource["id"])
                validate(read.json())
                xml = client.get(f"/fhir/{type_}/{resource['id']}", {"_format": "xml"})
                assert xml["Content-Type"].startswith("application/fhir+xml")
                parsed = get_fhir_model_class(type_).model_validate_xml(xml.content)
                assert parsed.model_dump()["id"] == resource["id"]


def test_the_patient_resource_carries_what_no_basis_asks_for(
    lege_med_relasjon: Ansatt, journal: Journal
) -> None:
    # when
    patient = api_client(lege_med_relasjon).get(f"/fhir/Patient/{journal.pasient.pk}").json()
    # then
    assert patient["identifier"] == [
        {"use": "official", "system": systemer.FNR, "value": journal.pasient.identifikator}
    ]
    assert patient["meta"]["profile"] == ["http://hl7.no/fhir/StructureDefinition/no-basis-Patient"]
    assert patient["name"][0]["family"] == "Fjellheim"
    assert patient["gender"] == "female"
    municipality = patient["address"][0]["extension"][0]["extension"][0]["valueCoding"]
    assert municipality == {"system": systemer.KOMMUNENUMMER, "code": "4601", "display": "Bergen"}
    assert patient["contact"][0]["name"]["text"] == "Ola Fjellheim"
    assert patient["generalPractitioner"][0]["reference"] == f"Practitioner/{lege_med_relasjon.pk}"
    assert patient["deceasedBoolean"] is False


def test_an_h_number_is_typed_and_names_its_issuer(lege_med_relasjon: Ansatt, enhet: Enhet) -> None:
    # given
    journal = journal_make(
        enhet,
        lege_med_relasjon,
        identifikator="42010112345",
        identifikator_type="HNR",
        identifikator_utsteder="Legevakten",
    )
    # when
    patient = api_client(lege_med_relasjon).get(f"/fhir/Patient/{journal.pasient.pk}").json()
    # then
    validate(patient)
    ident = patient["identifier"][0]
    assert ident["system"] == systemer.HNR
    assert ident["type"]["coding"][0] == {"system": systemer.HNR_TYPE_SYSTEM, "code": "HNR"}
    assert ident["assigner"] == {"display": "Legevakten"}


# --- search parameters ----------------------------------------------------------------------


def test_patient_search_by_identifier_name_and_birthdate(
    lege_med_relasjon: Ansatt, journal: Journal
) -> None:
    # given
    client = api_client(lege_med_relasjon)
    pasient = journal.pasient
    born = pasient.fodselsdato.isoformat()
    # when
    by_fnr = client.get("/fhir/Patient", {"identifier": f"{systemer.FNR}|{pasient.identifikator}"})
    by_dnr = client.get("/fhir/Patient", {"identifier": f"{systemer.DNR}|{pasient.identifikator}"})
    by_name = client.get("/fhir/Patient", {"name": "fjell"})
    by_birth = client.get("/fhir/Patient", {"birthdate": born})
    # then
    assert [p["id"] for p in entries(by_fnr.json())] == [str(pasient.pk)]
    assert entries(by_dnr.json()) == []  # a fødselsnummer is not a D-nummer
    assert [p["id"] for p in entries(by_name.json())] == [str(pasient.pk)]
    assert [p["id"] for p in entries(by_birth.json())] == [str(pasient.pk)]


def test_clinical_searches_by_code_category_and_date(
    lege_med_relasjon: Ansatt, journal: Journal
) -> None:
    # given
    client = api_client(lege_med_relasjon)
    patient = f"Patient/{journal.pasient.pk}"
    # when
    pulse = client.get("/fhir/Observation", {"patient": patient, "code": "http://loinc.org|8867-4"})
    survey = client.get("/fhir/Observation", {"patient": patient, "category": "survey"})
    k86 = client.get("/fhir/Condition", {"patient": patient, "code": f"{systemer.ICPC2}|K86"})
    t90 = client.get("/fhir/Condition", {"patient": patient, "code": f"{systemer.ICPC2}|T90"})
    later = (idag() + dt.timedelta(days=2)).isoformat()
    none_later = client.get("/fhir/Observation", {"patient": patient, "date": f"ge{later}"})
    # then
    assert [o["valueQuantity"]["value"] for o in entries(pulse.json())] == [74.0]
    news2 = entries(survey.json())
    assert [o["valueInteger"] for o in news2] == [1]
    assert news2[0]["code"]["coding"][0]["system"] == "http://snomed.info/sct"
    assert len(entries(k86.json())) == 1
    assert entries(t90.json()) == []
    assert entries(none_later.json()) == []


def test_encounters_are_home_visits_gp_consultations_and_nursing_home_stays_newest_first(
    lege_med_relasjon: Ansatt, journal: Journal
) -> None:
    # given
    client = api_client(lege_med_relasjon)
    patient = f"Patient/{journal.pasient.pk}"
    # when
    both = entries(client.get("/fhir/Encounter", {"patient": patient}).json())
    stays = entries(client.get("/fhir/Encounter", {"patient": patient, "class": "IMP"}).json())
    # then
    assert [e["id"] for e in both] == [
        f"besok-{journal.besoek.pk}",
        f"konsultasjon-{journal.konsultasjon.pk}",
        f"opphold-{journal.opphold.pk}",
    ]
    assert [e["status"] for e in stays] == ["finished"]
    assert stays[0]["class"]["code"] == "IMP"


def test_paging_links_and_count_capped(lege_med_relasjon: Ansatt, journal: Journal) -> None:
    # given: 25 pulse readings
    for i in range(24):
        maaling_make(
            journal.pasient,
            journal.diagnose.enhet,
            lege_med_relasjon,
            systolisk=None,
            diastolisk=None,
            respirasjon=None,
            spo2=None,
            temperatur=None,
            vekt=None,
            blodsukker=None,
            news2=None,
            news2_niva="",
            puls=60 + i,
        )
    client = api_client(lege_med_relasjon)
    query = {"patient": f"Patient/{journal.pasient.pk}", "code": "8867-4", "_count": "10"}
    # when
    first = client.get("/fhir/Observation", query).json()
    links = {link["relation"]: link["url"] for link in first["link"]}
    second = client.get(links["next"]).json()
    huge = client.get("/fhir/Observation", {**query, "_count": "100000"})
    # then
    assert len(entries(first)) == 10
    assert "previous" not in links
    assert len(entries(second)) == 10
    assert {link["relation"] for link in second["link"]} == {"self", "next", "previous"}
    assert huge.status_code == 200
    assert len(entries(huge.json())) == 25
    assert "_count=100&" in huge.json()["link"][0]["url"] + "&"


def test_include_brings_the_patient_once(lege_med_relasjon: Ansatt, journal: Journal) -> None:
    # when
    bundle = (
        api_client(lege_med_relasjon)
        .get(
            "/fhir/Observation",
            {"patient": f"Patient/{journal.pasient.pk}", "_include": "Observation:patient"},
        )
        .json()
    )
    # then
    included = entries(bundle, "include")
    assert [p["id"] for p in included] == [str(journal.pasient.pk)]
    assert (
        len(entries(bundle)) == 8
    )  # one Maaling: BP, pulse, resp, SpO2, temp, weight, glucose, NEWS2


# --- access: the same 404, blocks, audit ----------------------------------------------------


def test_strangers_get_the_same_404_as_for_missing(
    lege_med_relasjon: Ansatt, ansatt_annen_enhet: Ansatt, journal: Journal
) -> None:
    # given: every patient-data resource the doctor of the patient's unit finds
    mine = api_client(lege_med_relasjon)
    stranger = api_client(ansatt_annen_enhet)
    patient = {"patient": f"Patient/{journal.pasient.pk}"}
    # (MedicationRequest and MedicationStatement share their ids: keyed by type and id)
    found = {(str(journal.pasient.pk), "Patient")}
    scoped = [t for t, r in REGISTER.items() if "patient" in r.parametre]
    for type_ in scoped:
        for resource in entries(mine.get(f"/fhir/{type_}", patient).json()):
            found.add((resource["id"], type_))
    assert {t for _i, t in found} >= set(scoped) - {"AuditEvent"}
    # when / then: the stranger's reads look exactly like reads of what does not exist
    for ressurs_id, type_ in sorted(found):
        if not REGISTER[type_].les:
            continue
        missing = ressurs_id[:-36] + str(uuid.uuid4())
        theirs = stranger.get(f"/fhir/{type_}/{ressurs_id}")
        nobodys = stranger.get(f"/fhir/{type_}/{missing}")
        assert theirs.status_code == nobodys.status_code == 404, (type_, ressurs_id)
        assert theirs.json() == nobodys.json()
        assert theirs.json()["issue"][0]["code"] == "not-found"
    # and their searches find nothing
    for type_ in scoped:
        searched = stranger.get(f"/fhir/{type_}", patient)
        assert searched.status_code == 200
        assert entries(searched.json()) == [], type_
    by_fnr = stranger.get("/fhir/Patient", {"identifier": journal.pasient.identifikator})
    assert entries(by_fnr.json()) == []


def test_staff_and_organisations_need_a_role_that_reads_records(
    lege_med_relasjon: Ansatt, admin_uten_pasienttilgang: Ansatt, journal: Journal
) -> None:
    # when
    doctor = api_client(lege_med_relasjon).get("/fhir/Practitioner", {"name": "Lise"})
    admin = api_client(admin_uten_pasienttilgang).get("/fhir/Practitioner", {"name": "Lise"})
    # then
    assert [p["id"] for p in entries(doctor.json())] == [str(lege_med_relasjon.pk)]
    assert admin.status_code == 403
    assert admin.json()["issue"][0]["code"] == "forbidden"


def test_a_blocked_diagnosis_is_left_out(
    lege_med_relasjon: Ansatt, kollega_samme_enhet: Ansatt, journal: Journal
) -> None:
    # given
    Sperring.objects.create(
        pasient=journal.pasient,
        mal=SperringMal.ANSATT,
        ansatt=kollega_samme_enhet,
        objekt_type="journal.Diagnose",
        objekt_id=str(journal.diagnose.pk),
    )
    patient = {"patient": f"Patient/{journal.pasient.pk}"}
    # when
    hers = api_client(kollega_samme_enhet)
    his = api_client(lege_med_relasjon)
    # then
    assert entries(hers.get("/fhir/Condition", patient).json()) == []
    assert hers.get(f"/fhir/Condition/{journal.diagnose.pk}").status_code == 404
    assert len(entries(his.get("/fhir/Condition", patient).json())) == 1


def test_reads_and_searches_are_audited_on_the_fhir_channel(
    lege_med_relasjon: Ansatt, journal: Journal
) -> None:
    # given
    client = api_client(lege_med_relasjon)
    # when
    client.get("/fhir/Condition", {"patient": f"Patient/{journal.pasient.pk}"})
    client.get(f"/fhir/AllergyIntolerance/{journal.allergi.pk}")
    # then
    rows = AuditLogg.objects.filter(pasient_id=journal.pasient.pk, kanal="fhir")
    assert rows.filter(hendelse=AuditEvent.FHIR_READ, objekt_id=str(journal.diagnose.pk)).exists()
    read = rows.get(hendelse=AuditEvent.FHIR_READ, objekt_id=str(journal.allergi.pk))
    assert read.grunnlag == "relasjon"
    assert AuditLogg.objects.filter(hendelse=AuditEvent.FHIR_SEARCHED, kanal="fhir").count() == 1


def test_the_access_log_as_audit_events_with_purpose_of_use(
    lege_med_relasjon: Ansatt, journal: Journal
) -> None:
    # given
    client = api_client(lege_med_relasjon)
    client.get(f"/fhir/Patient/{journal.pasient.pk}")
    # when
    bundle = client.get("/fhir/AuditEvent", {"patient": f"Patient/{journal.pasient.pk}"}).json()
    # then
    events = entries(bundle)
    read = next(e for e in events if e["subtype"][0]["code"] == str(AuditEvent.PASIENT_READ.value))
    validate(read)
    assert read["purposeOfEvent"][0]["coding"][0]["code"] == "TREAT"
    assert read["agent"][0]["who"]["reference"] == f"Practitioner/{lege_med_relasjon.pk}"
    assert read["source"]["site"] == "fhir"


# --- bad input: an OperationOutcome, never a 500 --------------------------------------------


@pytest.mark.parametrize(
    ("path", "query", "status"),
    [
        ("/fhir/Flurp", {}, 404),
        ("/fhir/Patient/ikke-en-id", {}, 404),
        ("/fhir/Patient/" + "x" * 80, {}, 404),
        ("/fhir/Patient", {"shoe-size": "42"}, 400),
        ("/fhir/Patient", {"identifier": "urn:oid:1.2.3|12345678901"}, 400),
        ("/fhir/Patient", {"identifier": f"{systemer.FNR}|123"}, 400),
        ("/fhir/Patient", {"identifier": f"{systemer.FNR}|"}, 400),
        ("/fhir/Patient", {"name": "a"}, 400),
        ("/fhir/Patient", {"birthdate": "1940-13-45"}, 400),
        ("/fhir/Patient", {"birthdate": "sa1940"}, 400),
        ("/fhir/Condition", {"_count": "-1"}, 400),
        ("/fhir/Condition", {"side": "0"}, 400),
        ("/fhir/Condition", {"_include": "Condition:subject"}, 400),
        ("/fhir/Condition", {"patient": ""}, 400),
        ("/fhir/Condition", {"patient": "Practitioner/1"}, 400),
        ("/fhir/AuditEvent", {}, 400),
        ("/fhir/AuditEvent/1", {}, 404),
        ("/fhir/Patient", {"_format": "turtle"}, 406),
    ],
)
def test_bad_input_is_an_operation_outcome(
    lege_med_relasjon: Ansatt, path: str, query: dict[str, str], status: int
) -> None:
    # when
    response = api_client(lege_med_relasjon).get(path, query)
    # then
    assert response.status_code == status
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    validate(body)
    assert body["issue"][0]["diagnostics"]


def test_anonymous_is_401_and_a_person_with_two_units_must_name_one(
    lege_med_relasjon: Ansatt, annen_enhet: Enhet, journal: Journal
) -> None:
    # given: the doctor also works in another unit
    TilknytningFactory(
        ansatt=lege_med_relasjon, enhet=annen_enhet, rolle=Rolle.objects.get(kode="lege")
    )
    client = api_client(lege_med_relasjon)
    query = {"identifier": journal.pasient.identifikator}
    # when
    anonymous = APIClient().get("/fhir/Patient", query)
    unnamed = client.get("/fhir/Patient", query)
    named = client.get("/fhir/Patient", query, HTTP_X_ENHET=str(journal.diagnose.enhet_id))
    other = client.get("/fhir/Patient", query, HTTP_X_ENHET=str(annen_enhet.pk))
    # then
    assert anonymous.status_code == 401
    assert anonymous.json()["issue"][0]["code"] == "login"
    assert unnamed.status_code == 400
    assert "X-Enhet" in unnamed.json()["issue"][0]["diagnostics"]
    assert [p["id"] for p in entries(named.json())] == [str(journal.pasient.pk)]
    assert entries(other.json()) == []  # no care relationship from the other unit


# --- query counts: constant in the number of results ----------------------------------------


def _observations(n: int, journal: Journal, ansatt: Ansatt) -> None:
    for i in range(n):
        maaling_make(
            journal.pasient,
            journal.diagnose.enhet,
            ansatt,
            tidspunkt=journal.maaling.tidspunkt - dt.timedelta(minutes=i + 1),
        )


@pytest.mark.parametrize("n", [1, 11])
def test_an_observation_search_costs_the_same_queries_for_10_and_100_results(
    lege_med_relasjon: Ansatt,
    journal: Journal,
    n: int,
    django_assert_max_num_queries: Any,
) -> None:
    # given: n more readings of 8 observations each: 16 or 96 results with the fixture's
    _observations(n, journal, lege_med_relasjon)
    client = api_client(lege_med_relasjon)
    query = {
        "patient": f"Patient/{journal.pasient.pk}",
        "_count": "100",
        "_include": "Observation:patient",
    }
    # when
    with django_assert_max_num_queries(10):
        bundle = client.get("/fhir/Observation", query).json()
    # then
    assert len(entries(bundle)) == 8 * (n + 1)


@pytest.mark.parametrize("n", [10, 100])
def test_a_patient_search_costs_the_same_queries_for_10_and_100_results(
    lege_med_relasjon: Ansatt, enhet: Enhet, n: int, django_assert_max_num_queries: Any
) -> None:
    # given
    for _ in range(n):
        PasientFactory(relasjon_til=enhet, etternavn="Bakkevik", fastlege=lege_med_relasjon)
    client = api_client(lege_med_relasjon)
    # when
    with django_assert_max_num_queries(8):
        bundle = client.get("/fhir/Patient", {"name": "bakkevik", "_count": "100"}).json()
    # then
    assert len(entries(bundle)) == n


def test_observation_pages_walk_every_kind_of_every_reading_once_newest_first(
    lege_med_relasjon: Ansatt, journal: Journal
) -> None:
    # given: three readings of 8 kinds (24 Observations), one of them without a pulse
    _observations(2, journal, lege_med_relasjon)
    journal.maaling.puls = None
    journal.maaling.save(update_fields=["puls"])
    client = api_client(lege_med_relasjon)
    patient = f"Patient/{journal.pasient.pk}"
    whole = entries(client.get("/fhir/Observation", {"patient": patient, "_count": "100"}).json())
    # when: walked five at a time through the next links
    walked: list[str] = []
    bundle = client.get("/fhir/Observation", {"patient": patient, "_count": "5"}).json()
    while True:
        walked.extend(o["id"] for o in entries(bundle))
        nxt = [link["url"] for link in bundle["link"] if link["relation"] == "next"]
        if not nxt:
            break
        bundle = client.get(nxt[0].removeprefix("http://testserver")).json()
    # then
    assert len(whole) == 23
    assert walked == [o["id"] for o in whole]
    assert len(set(walked)) == 23
    times = [o["effectiveDateTime"] for o in whole]
    assert times == sorted(times, reverse=True)
    vital = entries(client.get("/fhir/Observation", {"patient": patient, "code": "8867-4"}).json())
    assert len(vital) == 2  # the pulse: not on the reading without one
