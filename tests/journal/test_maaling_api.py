"""GET/POST /api/v1/pasienter/<id>/malinger/ and feilregistrering over the API."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from core.audit import AuditEvent
from core.klokke import naa
from core.models import Ansatt, AuditLogg
from journal.models import Maaling, Pasient
from tests.conftest import api_client

pytestmark = pytest.mark.django_db

NEWS2_SJU: dict[str, Any] = {
    "respirasjon": 22,
    "spo2": 95,
    "oksygen": True,
    "systolisk": 105,
    "diastolisk": 70,
    "puls": 95,
    "bevissthet": "A",
    "temperatur": "37.0",
}


def url(pasient_id: object) -> str:
    return f"/api/v1/pasienter/{pasient_id}/malinger/"


def feil_url(pasient_id: object, maling_id: object) -> str:
    return f"{url(pasient_id)}{maling_id}/feilregistrer/"


def test_post_registers_and_returns_news2_with_its_response(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    response = api_client(lege_med_relasjon).post(url(pasient.pk), NEWS2_SJU, format="json")
    # then
    assert response.status_code == 201
    body = response.json()
    assert body["news2"] == 7
    assert body["news2_niva"] == "hoy"
    assert body["news2_tiltak"] == (
        "Akutt vurdering av team med kritisk kompetanse, vurder overflytting"
    )
    assert body["news2_melding"] == ""
    assert body["temperatur"] == 37.0
    assert body["registrert_av"] == "Lise Lege"
    assert body["feilregistrert"] is False
    row = AuditLogg.objects.get(hendelse=AuditEvent.MALING_CREATED)
    assert (row.pasient_id, row.kanal, row.objekt_id) == (pasient.pk, "api", body["id"])


def test_post_incomplete_set_says_why_there_is_no_news2(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    response = api_client(lege_med_relasjon).post(url(pasient.pk), {"vekt": "72.5"}, format="json")
    # then
    assert response.status_code == 201
    assert response.json()["news2"] is None
    assert response.json()["news2_melding"].startswith("NEWS2 kan ikke beregnes: mangler ")


def test_impossible_values_give_norwegian_field_errors(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    response = api_client(lege_med_relasjon).post(
        url(pasient.pk),
        {**NEWS2_SJU, "puls": 300, "systolisk": 60, "diastolisk": 90},
        format="json",
    )
    # then
    assert response.status_code == 400
    assert response.json() == {
        "puls": ["Puls 300 /min er ikke mulig. Oppgi en verdi mellom 20 og 250."],
        "diastolisk": ["Diastolisk blodtrykk må være lavere enn systolisk."],
    }
    assert not Maaling.objects.exists()


def test_no_values_is_refused(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    response = api_client(lege_med_relasjon).post(url(pasient.pk), {}, format="json")
    # then
    assert response.status_code == 400
    assert response.json() == {"detail": "Registrer minst én måleverdi."}


def test_wrong_types_are_rejected_in_norwegian(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    response = api_client(lege_med_relasjon).post(
        url(pasient.pk), {"puls": "sytti", "bevissthet": "X"}, format="json"
    )
    # then
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"puls", "bevissthet"}
    assert "heltall" in errors["puls"][0]


def test_future_time_is_rejected(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    future = (naa() + dt.timedelta(hours=2)).isoformat()
    # when
    response = api_client(lege_med_relasjon).post(
        url(pasient.pk), {"puls": 70, "tidspunkt": future}, format="json"
    )
    # then
    assert response.status_code == 400
    assert response.json() == {"tidspunkt": ["Tidspunktet kan ikke være fram i tid."]}


def test_get_lists_newest_first_with_a_period_filter(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given: one measurement three days ago, three in the last minutes
    client = api_client(lege_med_relasjon)
    now = naa()
    for moment, puls in [
        (now - dt.timedelta(days=3), 60),
        (now - dt.timedelta(minutes=3), 70),
        (now - dt.timedelta(minutes=2), 80),
        (now - dt.timedelta(minutes=1), 90),
    ]:
        created = client.post(url(pasient.pk), {"puls": puls, "tidspunkt": moment.isoformat()})
        assert created.status_code == 201
    since = timezone.localtime(now - dt.timedelta(days=1)).date().isoformat()
    # when
    recent = client.get(url(pasient.pk), {"fra": since})
    everything = client.get(url(pasient.pk))
    # then
    assert recent.status_code == 200
    assert [m["puls"] for m in recent.json()["resultater"]] == [90, 80, 70]
    assert [m["puls"] for m in everything.json()["resultater"]] == [90, 80, 70, 60]
    assert everything.json()["neste"] is None
    reads = AuditLogg.objects.filter(
        hendelse=AuditEvent.MALING_READ, pasient_id=pasient.pk, kanal="api"
    )
    assert reads.count() == 2


def test_get_pages(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    client = api_client(lege_med_relasjon)
    for puls in range(60, 86):
        assert client.post(url(pasient.pk), {"puls": puls}, format="json").status_code == 201
    # when
    first = client.get(url(pasient.pk)).json()
    second = client.get(first["neste"]).json()
    # then
    assert len(first["resultater"]) == 25
    assert len(second["resultater"]) == 1
    assert second["neste"] is None
    assert second["forrige"] is not None


def test_get_rejects_bad_dates_in_norwegian(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    bad = api_client(lege_med_relasjon).get(url(pasient.pk), {"fra": "i går"})
    backwards = api_client(lege_med_relasjon).get(
        url(pasient.pk), {"fra": "2025-02-01", "til": "2025-01-01"}
    )
    # then
    assert bad.status_code == backwards.status_code == 400
    assert "fra" in bad.json()
    assert backwards.json() == {"detail": "Fra-datoen må være før til-datoen."}


def test_feilregistrering_over_the_api(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    client = api_client(lege_med_relasjon)
    maling_id = client.post(url(pasient.pk), {"puls": 170}, format="json").json()["id"]
    # when
    without = client.post(feil_url(pasient.pk, maling_id), {}, format="json")
    done = client.post(feil_url(pasient.pk, maling_id), {"grunn": "Feil pasient"}, format="json")
    again = client.post(feil_url(pasient.pk, maling_id), {"grunn": "Igjen"}, format="json")
    listed = client.get(url(pasient.pk)).json()["resultater"]
    # then
    assert without.status_code == 400
    assert without.json() == {"grunn": ["Skriv hvorfor målingen er feilregistrert."]}
    assert done.status_code == 200
    assert done.json()["feilregistrert"] is True
    assert done.json()["feilregistrert_grunn"] == "Feil pasient"
    assert again.status_code == 400
    assert [m["feilregistrert"] for m in listed] == [True]


def test_stranger_gets_the_same_404_as_for_a_missing_patient(
    ansatt_annen_enhet: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    maling_id = (
        api_client(lege_med_relasjon)
        .post(url(pasient.pk), {"puls": 70}, format="json")
        .json()["id"]
    )
    client = api_client(ansatt_annen_enhet)
    missing = client.get(url(uuid.uuid4()))
    # when
    responses = [
        client.get(url(pasient.pk)),
        client.post(url(pasient.pk), NEWS2_SJU, format="json"),
        client.post(url(pasient.pk), {"puls": 999}, format="json"),
        client.post(feil_url(pasient.pk, maling_id), {"grunn": "x"}, format="json"),
    ]
    # then
    for response in responses:
        assert response.status_code == 404
        assert response.json() == missing.json()
    assert Maaling.objects.count() == 1
    assert not AuditLogg.objects.filter(aktor_id=ansatt_annen_enhet.pk).exists()


def test_anonymous_is_refused(pasient: Pasient) -> None:
    # when
    response = api_client(None).get(url(pasient.pk))
    # then
    assert response.status_code in (401, 403)


def test_schema_documents_the_endpoints() -> None:
    # when
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    # then
    path = schema["paths"]["/api/v1/pasienter/{pasient_id}/malinger/"]
    assert {"get", "post"} <= set(path)
    assert "/api/v1/pasienter/{pasient_id}/malinger/{maling_id}/feilregistrer/" in schema["paths"]
    assert "news2_tiltak" in schema["components"]["schemas"]["Maaling"]["properties"]
