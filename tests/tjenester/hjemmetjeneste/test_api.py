"""Home-care API: day list (query guard, enhet check), one visit, check-in/out, ticking,
optimisation; the named actors."""

from __future__ import annotations

from typing import Any

import pytest

from core.klokke import idag
from core.models import Ansatt, Enhet
from tests.conftest import api_client
from tests.tjenester.hjemmetjeneste.conftest import many_visits
from tjenester.hjemmetjeneste.models import Besoek, BesoekStatus

pytestmark = pytest.mark.django_db
API = "/api/v1/hjemmetjeneste"


def test_day_list(sykepleier: Ansatt, besoek_i_dag: Besoek, enhet: Enhet) -> None:
    # when
    response = api_client(sykepleier).get(f"{API}/dagsliste/?enhet={enhet.pk}")
    # then
    assert response.status_code == 200
    data = response.json()
    assert data["antall"] == 1
    rad = data["lister"][0]["besok"][0]
    assert rad["besok"]["pasient_navn"] == "Kari Østby"
    assert rad["antall_oppgaver"] == 2
    assert rad["adresse"] == "Storgata 1, 2211 Kongsvinger"


def test_day_list_of_another_unit_is_404(sykepleier: Ansatt, annen_enhet: Enhet) -> None:
    response = api_client(sykepleier).get(f"{API}/dagsliste/?enhet={annen_enhet.pk}")
    assert response.status_code == 404


def test_day_list_bad_date_is_400(sykepleier: Ansatt) -> None:
    response = api_client(sykepleier).get(f"{API}/dagsliste/?dato=31.02")
    assert response.status_code == 400


def test_day_list_queries_are_fixed(
    sykepleier: Ansatt, enhet: Enhet, django_assert_max_num_queries: Any
) -> None:
    many_visits(enhet, sykepleier, 30)
    client = api_client(sykepleier)
    with django_assert_max_num_queries(20):
        response = client.get(f"{API}/dagsliste/")
    assert response.json()["antall"] == 30


def test_visit_check_in_tick_check_out(sykepleier: Ansatt, besoek_i_dag: Besoek) -> None:
    client = api_client(sykepleier)
    url = f"{API}/besok/{besoek_i_dag.pk}/"
    oppgave = str(besoek_i_dag.oppgaver.first().pk)  # type: ignore[union-attr]
    # when
    detail = client.get(url)
    inn = client.post(f"{url}sjekk-inn/")
    again = client.post(f"{url}sjekk-inn/")
    bad = client.post(f"{url}oppgaver/{oppgave}/", {"utfort": False}, format="json")
    tick = client.post(f"{url}oppgaver/{oppgave}/", {"utfort": True}, format="json")
    ut = client.post(f"{url}sjekk-ut/")
    # then
    assert detail.status_code == 200
    assert len(detail.json()["oppgaver"]) == 2
    assert inn.json()["status"] == BesoekStatus.PAAGAAR
    assert again.status_code == 400
    assert "allerede" in again.json()["detail"]
    assert bad.status_code == 400
    assert "grunn" in bad.json()
    assert tick.json()["utfort"] is True
    assert ut.json()["status"] == BesoekStatus.UTFORT
    assert ut.json()["faktisk_min"] >= 1


@pytest.mark.parametrize("who", ["ansatt_annen_enhet", "admin_uten_pasienttilgang", "anonym"])
def test_denied_actors(who: str, besoek_i_dag: Besoek, request: pytest.FixtureRequest) -> None:
    ansatt = None if who == "anonym" else request.getfixturevalue(who)
    client = api_client(ansatt)
    # when
    detail = client.get(f"{API}/besok/{besoek_i_dag.pk}/")
    inn = client.post(f"{API}/besok/{besoek_i_dag.pk}/sjekk-inn/")
    # then
    expected = {
        "anonym": {401, 403},
        "ansatt_annen_enhet": {404},
        "admin_uten_pasienttilgang": {403},
    }
    assert detail.status_code in expected[who]
    assert inn.status_code in expected[who]
    besoek_i_dag.refresh_from_db()
    assert besoek_i_dag.status == BesoekStatus.PLANLAGT


def test_colleague_with_relation_may_read_and_do_the_visit(
    kollega_samme_enhet: Ansatt, besoek_i_dag: Besoek
) -> None:
    client = api_client(kollega_samme_enhet)
    assert client.get(f"{API}/besok/{besoek_i_dag.pk}/").status_code == 200
    assert client.post(f"{API}/besok/{besoek_i_dag.pk}/sjekk-inn/").status_code == 200


def test_optimise(sykepleier: Ansatt, kollega_samme_enhet: Ansatt, enhet: Enhet) -> None:
    # given
    many_visits(enhet, sykepleier, 12)
    # when
    denied = api_client(kollega_samme_enhet).post(
        f"{API}/dagsliste/optimaliser/", {"dato": idag()}, format="json"
    )
    response = api_client(sykepleier).post(
        f"{API}/dagsliste/optimaliser/", {"dato": idag()}, format="json"
    )
    # then
    assert denied.status_code == 403
    assert response.status_code == 200
    assert response.json()["besok"] == 12
    assert response.json()["forsinkelse_min"] == 0  # every window kept


def test_schema_documents_the_endpoints() -> None:
    from django.test import Client

    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert "/api/v1/hjemmetjeneste/dagsliste/" in paths
    assert "/api/v1/hjemmetjeneste/besok/{besok_id}/sjekk-ut/" in paths
    assert "/api/v1/hjemmetjeneste/dagsliste/optimaliser/" in paths
