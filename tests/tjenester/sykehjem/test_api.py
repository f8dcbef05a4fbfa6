"""The nursing-home API: access matrix with the named actors, stays and their events,
the board, beds and the waiting list, and the OpenAPI schema."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client

from core.audit import AuditEvent
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Pasient
from tests.acting import acting_as
from tests.conftest import api_client
from tests.factories import PasientFactory
from tjenester.sykehjem.models import Opphold, OppholdStatus, Oppholdstype, Seng
from tjenester.sykehjem.services import opphold_create

pytestmark = pytest.mark.django_db

I_DAG = idag()
BASE = "/api/v1/sykehjem"


@pytest.fixture
def opphold(leder: Ansatt, senger: list[Seng], pasient: Pasient) -> Opphold:
    """`pasient` (related to the home-care unit of the named actors) lives in bed 1."""
    with acting_as(leder):
        return opphold_create(
            actor=leder,
            seng_id=senger[0].pk,
            pasient_id=pasient.pk,
            type=Oppholdstype.LANGTID,
            fra=I_DAG - dt.timedelta(days=30),
        )


@pytest.mark.parametrize(
    ("navn", "status"),
    [
        ("leder", 200),
        ("lege_med_relasjon", 200),
        ("kollega_samme_enhet", 200),
        ("ansatt_annen_enhet", 404),
        ("admin_uten_pasienttilgang", 404),
    ],
)
def test_stay_access_matrix(
    navn: str, status: int, opphold: Opphold, request: pytest.FixtureRequest
) -> None:
    # given
    ansatt: Ansatt = request.getfixturevalue(navn)
    client = api_client(ansatt)
    # when
    response = client.get(f"{BASE}/opphold/{opphold.pk}/")
    missing = client.get(f"{BASE}/opphold/{uuid.uuid4()}/")
    # then
    assert response.status_code == status
    if status == 404:
        assert response.content == missing.content
        assert not AuditLogg.objects.filter(
            aktor_id=ansatt.pk, hendelse=AuditEvent.OPPHOLD_READ
        ).exists()
    else:
        assert response.json()["pasient"] == str(opphold.pasient_id)
        assert AuditLogg.objects.filter(
            aktor_id=ansatt.pk, hendelse=AuditEvent.OPPHOLD_READ, pasient_id=opphold.pasient_id
        ).exists()


def test_anonymous_gets_nothing(opphold: Opphold) -> None:
    # when
    responses = [
        api_client(None).get(f"{BASE}/{path}")
        for path in ("opphold/", f"opphold/{opphold.pk}/", "belegg/", "venteliste/")
    ]
    # then
    assert {r.status_code for r in responses} <= {401, 403}


def test_list_shows_only_stays_the_person_may_see(
    opphold: Opphold, lege_med_relasjon: Ansatt, ansatt_annen_enhet: Ansatt
) -> None:
    # when
    own = api_client(lege_med_relasjon).get(f"{BASE}/opphold/").json()
    other = api_client(ansatt_annen_enhet).get(f"{BASE}/opphold/").json()
    # then
    assert [o["id"] for o in own["resultater"]] == [str(opphold.pk)]
    assert other["resultater"] == []


def test_leader_admits_and_a_second_admission_to_the_bed_is_refused(
    leder: Ansatt, senger: list[Seng], beboer: Pasient
) -> None:
    # given
    client = api_client(leder)
    body = {"seng": str(senger[2].pk), "type": "korttid", "fra": I_DAG.isoformat()}
    # when
    first = client.post(f"{BASE}/opphold/", {**body, "pasient": str(beboer.pk)}, format="json")
    second = client.post(
        f"{BASE}/opphold/",
        {**body, "identifikator": PasientFactory().identifikator},
        format="json",
    )
    # then
    assert first.status_code == 201, first.content
    assert first.json()["status"] == OppholdStatus.AKTIV
    assert first.json()["sengeperioder"][0]["seng"] == str(senger[2].pk)
    assert second.status_code == 400
    assert second.json()["detail"] == "Sengen er allerede belagt i perioden."


def test_a_nurse_cannot_admit_through_the_api(
    sykepleier_avd: Ansatt, senger: list[Seng], beboer: Pasient
) -> None:
    # when
    response = api_client(sykepleier_avd).post(
        f"{BASE}/opphold/",
        {
            "seng": str(senger[0].pk),
            "type": "langtid",
            "fra": I_DAG.isoformat(),
            "pasient": str(beboer.pk),
        },
        format="json",
    )
    # then
    assert response.status_code == 403
    assert not Opphold.objects.exists()


def test_unknown_patient_is_a_clear_400(leder: Ansatt, senger: list[Seng]) -> None:
    # when
    response = api_client(leder).post(
        f"{BASE}/opphold/",
        {
            "seng": str(senger[0].pk),
            "type": "langtid",
            "fra": I_DAG.isoformat(),
            "identifikator": "01010100000",
        },
        format="json",
    )
    # then
    assert response.status_code == 400
    assert "Fant ingen pasient" in str(response.json())


def test_leave_return_transfer_and_discharge(
    leder: Ansatt, opphold: Opphold, senger: list[Seng]
) -> None:
    # given
    client = api_client(leder)
    url = f"{BASE}/opphold/{opphold.pk}"
    # when
    fravar = client.post(
        f"{url}/fravar/", {"type": "permisjon", "fra": I_DAG.isoformat()}, format="json"
    )
    tilbake = client.post(f"{BASE}/fravar/{fravar.json()['id']}/slutt/", {}, format="json")
    flytt = client.post(f"{url}/overflytt/", {"seng": str(senger[1].pk)}, format="json")
    ut = client.post(f"{url}/utskriv/", {}, format="json")
    igjen = client.post(f"{url}/utskriv/", {}, format="json")
    # then
    assert fravar.status_code == 201, fravar.content
    assert tilbake.json()["til"] == I_DAG.isoformat()
    assert flytt.status_code == 200
    assert [p["til"] for p in flytt.json()["sengeperioder"]] == [I_DAG.isoformat(), None]
    assert ut.status_code == 200
    assert (ut.json()["status"], ut.json()["til"]) == ("avsluttet", I_DAG.isoformat())
    assert igjen.status_code == 404


def test_reservation_admit_and_cancel(leder: Ansatt, senger: list[Seng]) -> None:
    # given
    client = api_client(leder)
    a, b = PasientFactory(), PasientFactory()
    fram = (I_DAG + dt.timedelta(days=5)).isoformat()
    ra = client.post(
        f"{BASE}/opphold/",
        {"seng": str(senger[0].pk), "type": "avlastning", "fra": fram, "pasient": str(a.pk)},
        format="json",
    ).json()
    rb = client.post(
        f"{BASE}/opphold/",
        {"seng": str(senger[1].pk), "type": "avlastning", "fra": fram, "pasient": str(b.pk)},
        format="json",
    ).json()
    # when
    innlagt = client.post(f"{BASE}/opphold/{ra['id']}/innlegg/", {}, format="json")
    annullert = client.post(f"{BASE}/opphold/{rb['id']}/annuller/")
    # then
    assert ra["status"] == rb["status"] == "reservert"
    assert (innlagt.json()["status"], innlagt.json()["fra"]) == ("aktiv", I_DAG.isoformat())
    assert annullert.json()["avslutningsarsak"] == "annullert"


def test_death_through_the_api(leder: Ansatt, opphold: Opphold) -> None:
    # when
    response = api_client(leder).post(
        f"{BASE}/opphold/{opphold.pk}/dodsfall/", {"dato": I_DAG.isoformat()}, format="json"
    )
    # then
    assert response.status_code == 200
    assert response.json()["dodsdato"] == I_DAG.isoformat()


def test_board_and_beds(
    leder: Ansatt, opphold: Opphold, avdeling: Enhet, avdeling2: Enhet, senger2: list[Seng]
) -> None:
    # when
    belegg = api_client(leder).get(f"{BASE}/belegg/").json()
    senger = api_client(leder).get(f"{BASE}/senger/?enhet={avdeling2.pk}").json()
    fram = api_client(leder).get(
        f"{BASE}/belegg/?dato={(I_DAG + dt.timedelta(days=400)).isoformat()}"
    )
    # then
    avd = {a["navn"]: a for a in belegg["avdelinger"]}
    assert (avd[avdeling.navn]["belagt"], avd[avdeling.navn]["ledig"]) == (1, 2)
    assert avd[avdeling2.navn]["ledig"] == 2
    belagt = [s for s in avd[avdeling.navn]["senger"] if s["status"] == "belagt"]
    assert belagt[0]["pasient_navn"] == opphold.pasient.fullt_navn
    assert avd[avdeling2.navn]["senger"] == []  # beds listed for the acting ward only
    assert {s["navn"] for s in senger} == {"A"}
    assert len(senger) == 2
    assert fram.status_code == 400


def test_waiting_list_api(leder: Ansatt, avdeling: Enhet, ansatt_annen_enhet: Ansatt) -> None:
    # given
    pasient = PasientFactory(relasjon_til=avdeling)
    client = api_client(leder)
    # when
    created = client.post(
        f"{BASE}/venteliste/", {"pasient": str(pasient.pk), "prioritet": 1}, format="json"
    )
    listed = client.get(f"{BASE}/venteliste/").json()
    stranger = api_client(ansatt_annen_enhet).get(f"{BASE}/venteliste/").json()
    removed = client.post(f"{BASE}/venteliste/{created.json()['id']}/fjern/")
    # then
    assert created.status_code == 201
    assert [v["pasient"] for v in listed["resultater"]] == [str(pasient.pk)]
    assert stranger["resultater"] == []
    assert removed.json()["status"] == "trukket"


def test_schema_documents_the_nursing_home_api() -> None:
    # when
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    # then
    assert {
        "/api/v1/sykehjem/senger/",
        "/api/v1/sykehjem/belegg/",
        "/api/v1/sykehjem/opphold/",
        "/api/v1/sykehjem/opphold/{opphold_id}/overflytt/",
        "/api/v1/sykehjem/opphold/{opphold_id}/fravar/",
        "/api/v1/sykehjem/opphold/{opphold_id}/utskriv/",
        "/api/v1/sykehjem/venteliste/",
    } <= set(schema["paths"])
