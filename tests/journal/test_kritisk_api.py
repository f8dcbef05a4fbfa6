"""API for critical information: list (paged, audited), register, deactivate, errors."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg
from journal.models import KritiskInformasjon, Pasient
from tests.conftest import api_client

pytestmark = pytest.mark.django_db

ALLERGI = {
    "type": "allergi",
    "tittel": "Penicillin",
    "reaksjon": "Utslett",
    "alvorlighet": "moderat",
    "sikkerhet": "mistenkt",
    "kilde": "Pasienten selv",
}


def _url(pasient_id: object, rest: str = "") -> str:
    return f"/api/v1/pasienter/{pasient_id}/kritisk-info/{rest}"


def test_register_and_list(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    client = api_client(lege_med_relasjon)
    # when
    created = client.post(_url(pasient.pk), ALLERGI, format="json")
    listed = client.get(_url(pasient.pk))
    # then
    assert created.status_code == 201
    body = created.json()
    assert {k: body[k] for k in ALLERGI} == ALLERGI
    assert body["aktiv"] is True
    assert body["registrert_av"] == "Lise Lege"
    assert body["avsluttet_av"] is None
    assert listed.status_code == 200
    assert [r["id"] for r in listed.json()["resultater"]] == [body["id"]]
    assert listed.json()["neste"] is None
    read = AuditLogg.objects.get(hendelse=AuditEvent.KRITISK_READ)
    assert (read.pasient_id, read.aktor_id, read.kanal) == (pasient.pk, lege_med_relasjon.pk, "api")


def test_paging_and_filter_on_active(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    client = api_client(lege_med_relasjon)
    ids = [
        client.post(
            _url(pasient.pk), {**ALLERGI, "tittel": f"Stoff {i:02d}"}, format="json"
        ).json()["id"]
        for i in range(21)
    ]
    client.post(_url(pasient.pk, f"{ids[0]}/avslutt/"), {"grunn": "Feil"}, format="json")
    # when
    first = client.get(_url(pasient.pk)).json()
    second = client.get(first["neste"]).json()
    inactive = client.get(_url(pasient.pk), {"aktiv": "false"}).json()
    bad = client.get(_url(pasient.pk), {"aktiv": "kanskje"})
    # then
    assert len(first["resultater"]) == 20
    assert len(second["resultater"]) == 1
    assert second["resultater"][0]["id"] == ids[0]  # history after the active ones
    assert [r["id"] for r in inactive["resultater"]] == [ids[0]]
    assert bad.status_code == 400
    assert bad.json()["detail"] == "Parameteren aktiv må være true eller false."


def test_errors_are_400_in_norwegian(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    client = api_client(lege_med_relasjon)
    # when
    missing = client.post(_url(pasient.pk), {"type": "allergi"}, format="json")
    wrong_choice = client.post(_url(pasient.pk), {**ALLERGI, "type": "hemmelig"}, format="json")
    rule = client.post(_url(pasient.pk), {**ALLERGI, "sikkerhet": ""}, format="json")
    decision = client.post(
        _url(pasient.pk), {"type": "beslutning", "tittel": "Ikke HLR"}, format="json"
    )
    # then
    assert {r.status_code for r in (missing, wrong_choice, rule, decision)} == {400}
    assert "påkrevd" in missing.json()["tittel"][0]
    assert "gyldig valg" in wrong_choice.json()["type"][0]
    assert rule.json() == {"sikkerhet": ["Oppgi om reaksjonen er bekreftet eller mistenkt."]}
    assert decision.json() == {"besluttet_av": ["Skriv hvem som har tatt beslutningen."]}
    assert not KritiskInformasjon.objects.exists()


def test_deactivate_with_reason(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    client = api_client(lege_med_relasjon)
    kritisk_id = client.post(_url(pasient.pk), ALLERGI, format="json").json()["id"]
    # when
    no_reason = client.post(_url(pasient.pk, f"{kritisk_id}/avslutt/"), {}, format="json")
    done = client.post(
        _url(pasient.pk, f"{kritisk_id}/avslutt/"), {"grunn": "Tålte kur"}, format="json"
    )
    again = client.post(
        _url(pasient.pk, f"{kritisk_id}/avslutt/"), {"grunn": "Igjen"}, format="json"
    )
    # then
    assert no_reason.status_code == 400
    assert no_reason.json() == {"grunn": ["Skriv hvorfor."]}
    assert done.status_code == 200
    assert (done.json()["aktiv"], done.json()["avsluttet_grunn"]) == (False, "Tålte kur")
    assert done.json()["avsluttet_av"] == "Lise Lege"
    assert again.status_code == 400
    assert again.json()["detail"] == "Denne kritiske informasjonen er allerede avsluttet."
    assert AuditLogg.objects.filter(hendelse=AuditEvent.KRITISK_DEACTIVATED).count() == 1


def test_strangers_get_the_same_404_as_for_missing(
    lege_med_relasjon: Ansatt, ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    # given
    kritisk_id = (
        api_client(lege_med_relasjon).post(_url(pasient.pk), ALLERGI, format="json").json()["id"]
    )
    stranger = api_client(ansatt_annen_enhet)
    # when
    responses = {
        "list": (stranger.get(_url(pasient.pk)), stranger.get(_url(uuid.uuid4()))),
        "create": (
            stranger.post(_url(pasient.pk), ALLERGI, format="json"),
            stranger.post(_url(uuid.uuid4()), ALLERGI, format="json"),
        ),
        "deactivate": (
            stranger.post(_url(pasient.pk, f"{kritisk_id}/avslutt/"), {"grunn": "x"}),
            stranger.post(_url(pasient.pk, f"{uuid.uuid4()}/avslutt/"), {"grunn": "x"}),
        ),
    }
    # then
    for denied, missing in responses.values():
        assert denied.status_code == missing.status_code == 404
        assert denied.json() == missing.json() == {"detail": "Fant ikke det du lette etter."}
    assert KritiskInformasjon.objects.get().aktiv
    assert not AuditLogg.objects.filter(aktor_id=ansatt_annen_enhet.pk).exists()


def test_anonymous_gets_401(pasient: Pasient) -> None:
    # when
    response = api_client(None).get(_url(pasient.pk))
    # then
    assert response.status_code == 401


def test_schema_documents_the_endpoints() -> None:
    # when
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    # then
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/pasienter/{pasient_id}/kritisk-info/"])
    assert {"get", "post"} <= set(paths["/api/v1/pasienter/{pasient_id}/diagnoser/"])
    assert "post" in paths["/api/v1/pasienter/{pasient_id}/kritisk-info/{kritisk_id}/avslutt/"]
    assert "post" in paths["/api/v1/pasienter/{pasient_id}/diagnoser/{diagnose_id}/avslutt/"]
