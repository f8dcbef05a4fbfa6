"""The ward task-list API: the access matrix with the named actors for the list and the
tick, Norwegian 400s, and the OpenAPI schema."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from core.audit import AuditEvent
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from tests.conftest import api_client
from tests.tjenester.sykehjem.conftest import Oppgaveoppsett

pytestmark = pytest.mark.django_db

I_DAG = idag()
URL = "/api/v1/sykehjem/oppgaver/"
KVITTER = "/api/v1/sykehjem/oppgaver/kvitter/"


@pytest.mark.parametrize(
    ("navn", "status", "pasienter"),
    [
        ("sykepleier_avd", 200, {"Kari Østby", "Berit Beboer"}),
        ("hfa_avd", 200, {"Kari Østby", "Berit Beboer"}),
        ("leder", 200, {"Kari Østby", "Berit Beboer"}),
        # the named actors work in another municipality: its wards are not theirs
        ("lege_med_relasjon", 404, None),
        ("kollega_samme_enhet", 404, None),
        ("ansatt_annen_enhet", 404, None),
        ("admin_uten_pasienttilgang", 403, None),
    ],
)
def test_list_access_matrix(
    navn: str,
    status: int,
    pasienter: set[str] | None,
    oppgaver: Oppgaveoppsett,
    avdeling: Enhet,
    request: pytest.FixtureRequest,
) -> None:
    # given
    ansatt: Ansatt = request.getfixturevalue(navn)
    client = api_client(ansatt)
    # when
    response = client.get(URL, {"enhet": str(avdeling.pk), "dato": I_DAG.isoformat()})
    missing = client.get(URL, {"enhet": str(uuid.uuid4())})
    # then
    assert response.status_code == status
    listed = AuditLogg.objects.filter(
        aktor_id=ansatt.pk, hendelse=AuditEvent.AVDELINGSOPPGAVER_LISTED
    )
    if status == 404:
        assert response.content == missing.content
    if pasienter is None:
        assert not listed.exists()
        return
    body = response.json()
    assert {o["pasient_navn"] for o in body["oppgaver"]} == pasienter
    assert body["antall"] == 4
    assert body["kan_kvittere"] is (navn != "leder")
    assert [(o["periode"], o["tidspunkt"], o["tekst"]) for o in body["oppgaver"]][:2] == [
        ("dagen", None, "Inspiser huden"),
        ("morgen", "08:00", "Tilby drikke"),
    ]
    assert listed.count() == 2


@pytest.mark.parametrize(
    ("navn", "status"),
    [
        ("sykepleier_avd", 200),
        ("hfa_avd", 200),
        ("leder", 403),
        ("lege_med_relasjon", 400),  # acting in home care, not in a ward
        ("kollega_samme_enhet", 400),
        ("ansatt_annen_enhet", 404),  # a ward, but not the tiltak's
        ("admin_uten_pasienttilgang", 403),
    ],
)
def test_tick_access_matrix(
    navn: str, status: int, oppgaver: Oppgaveoppsett, request: pytest.FixtureRequest
) -> None:
    # given
    ansatt: Ansatt = request.getfixturevalue(navn)
    client = api_client(ansatt)
    body = {"dato": I_DAG.isoformat(), "tidspunkt": "08:00", "status": "utfort"}
    # when
    response = client.post(KVITTER, {**body, "tiltak": str(oppgaver.drikke.pk)}, format="json")
    missing = client.post(KVITTER, {**body, "tiltak": str(uuid.uuid4())}, format="json")
    # then
    assert response.status_code == status
    ticked = AuditLogg.objects.filter(hendelse=AuditEvent.AVDELINGSOPPGAVE_TICKED)
    if status == 200:
        data = response.json()
        assert data["kvittering"]["status"] == "utfort"
        assert data["kvittering"]["utfort_av"] == str(ansatt.pk)
        assert (data["pasient_navn"], data["tidspunkt"], data["periode"]) == (
            "Kari Østby",
            "08:00",
            "morgen",
        )
        assert ticked.filter(aktor_id=ansatt.pk).count() == 1
        assert missing.status_code == 404
    else:
        assert not ticked.exists()
    if status == 404:
        assert response.content == missing.content


def test_tick_not_done_without_reason_is_a_norwegian_400(
    oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt
) -> None:
    # when
    response = api_client(sykepleier_avd).post(
        KVITTER,
        {"tiltak": str(oppgaver.hud.pk), "dato": I_DAG.isoformat(), "status": "ikke_utfort"},
        format="json",
    )
    # then
    assert response.status_code == 400
    assert "Skriv hvorfor oppgaven ikke ble utført." in response.content.decode()


def test_tick_shows_on_the_list(oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt) -> None:
    # given
    client = api_client(sykepleier_avd)
    client.post(
        KVITTER,
        {
            "tiltak": str(oppgaver.legemidler.pk),
            "dato": I_DAG.isoformat(),
            "tidspunkt": "08:00",
            "status": "ikke_utfort",
            "grunn": "Avslo",
        },
        format="json",
    )
    # when
    body = client.get(URL, {"periode": "morgen"}).json()
    # then
    kvitteringer = {o["tekst"]: o["kvittering"] for o in body["oppgaver"]}
    assert kvitteringer["Tilby drikke"] is None
    assert kvitteringer["Gi legemidler"]["status"] == "ikke_utfort"
    assert kvitteringer["Gi legemidler"]["grunn"] == "Avslo"
    assert body["kvittert"] == 1


def test_bad_query_is_a_norwegian_400(oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt) -> None:
    # when
    client = api_client(sykepleier_avd)
    dato = client.get(URL, {"dato": "i går"})
    periode = client.get(URL, {"periode": "lunsj"})
    # then
    assert (dato.status_code, periode.status_code) == (400, 400)
    assert "ÅÅÅÅ-MM-DD" in dato.content.decode()
    assert "Ukjent del av døgnet" in periode.content.decode()


def test_anonymous_gets_nothing(oppgaver: Oppgaveoppsett) -> None:
    # when
    responses = [api_client(None).get(URL), api_client(None).post(KVITTER, {}, format="json")]
    # then
    assert {r.status_code for r in responses} <= {401, 403}


def test_schema_documents_the_task_list_api() -> None:
    # when
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    # then
    assert {"/api/v1/sykehjem/oppgaver/", "/api/v1/sykehjem/oppgaver/kvitter/"} <= set(
        schema["paths"]
    )
    params = {p["name"] for p in schema["paths"]["/api/v1/sykehjem/oppgaver/"]["get"]["parameters"]}
    assert {"enhet", "dato", "periode"} <= params
