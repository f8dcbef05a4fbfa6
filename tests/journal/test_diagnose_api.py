"""API for problems and diagnoses: list (paged, audited, blocked entries), set, close, errors."""

from __future__ import annotations

import uuid

import pytest

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg
from journal.models import Diagnose, Kode, Pasient, Sperring, SperringMal
from journal.seeds import kodeverk_startsett_load
from tests.conftest import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _startsett(db: None) -> None:
    kodeverk_startsett_load()


def _url(pasient_id: object, rest: str = "") -> str:
    return f"/api/v1/pasienter/{pasient_id}/diagnoser/{rest}"


def test_set_by_code_list_and_code_then_list(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    client = api_client(lege_med_relasjon)
    # when
    created = client.post(
        _url(pasient.pk),
        {"kodeverk": "ICD-10", "kode": "F03", "debut": "2023-09-01", "merknad": "Utredet"},
        format="json",
    )
    listed = client.get(_url(pasient.pk))
    # then
    assert created.status_code == 201
    body = created.json()
    assert {k: body[k] for k in ("kodeverk", "kode", "tekst", "debut", "status", "sperret")} == {
        "kodeverk": "ICD-10",
        "kode": "F03",
        "tekst": "Uspesifisert demens",
        "debut": "2023-09-01",
        "status": "aktiv",
        "sperret": False,
    }
    assert body["system"] == "urn:oid:2.16.578.1.12.4.1.1.7110"
    assert body["satt_av"] == "Lise Lege"
    assert [r["id"] for r in listed.json()["resultater"]] == [body["id"]]
    read = AuditLogg.objects.get(hendelse=AuditEvent.DIAGNOSE_READ)
    assert (read.pasient_id, read.aktor_id) == (pasient.pk, lege_med_relasjon.pk)


def test_errors_are_400_in_norwegian(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    client = api_client(lege_med_relasjon)
    Kode.objects.filter(kodeverk="ICPC-2", kode="A04").update(aktiv=False)
    # when
    unknown = client.post(_url(pasient.pk), {"kodeverk": "ICPC-2", "kode": "T00"}, format="json")
    retired = client.post(_url(pasient.pk), {"kodeverk": "ICPC-2", "kode": "A04"}, format="json")
    future = client.post(
        _url(pasient.pk), {"kodeverk": "ICPC-2", "kode": "T90", "debut": "2100-01-01"}
    )
    missing = client.post(_url(pasient.pk), {}, format="json")
    bad_status = client.get(_url(pasient.pk), {"status": "slettet"})
    # then
    assert {r.status_code for r in (unknown, retired, future, missing, bad_status)} == {400}
    assert unknown.json() == {"kode": ["Fant ikke koden «T00» i ICPC-2."]}
    assert retired.json() == {"kode": ["Koden A04 er utgått og kan ikke brukes."]}
    assert future.json() == {"debut": ["Debut kan ikke være fram i tid."]}
    assert "påkrevd" in missing.json()["kodeverk"][0]
    assert bad_status.json()["detail"] == "Ukjent status for diagnose."
    assert not Diagnose.objects.exists()


def test_close_as_wrongly_registered_needs_a_reason(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    client = api_client(lege_med_relasjon)
    diagnose_id = client.post(
        _url(pasient.pk), {"kodeverk": "ICPC-2", "kode": "K86"}, format="json"
    ).json()["id"]
    # when
    no_reason = client.post(
        _url(pasient.pk, f"{diagnose_id}/avslutt/"), {"status": "feilregistrert"}, format="json"
    )
    closed = client.post(
        _url(pasient.pk, f"{diagnose_id}/avslutt/"),
        {"status": "feilregistrert", "grunn": "Feil pasient"},
        format="json",
    )
    active = client.get(_url(pasient.pk), {"status": "aktiv"}).json()
    # then
    assert no_reason.status_code == 400
    assert no_reason.json() == {"grunn": ["Skriv hvorfor."]}
    assert closed.status_code == 200
    assert closed.json()["status"] == "feilregistrert"
    assert active["resultater"] == []
    row = AuditLogg.objects.get(hendelse=AuditEvent.DIAGNOSE_CLOSED)
    assert row.ekstra["grunn"] == "Feil pasient"


def test_a_blocked_diagnosis_shows_only_that_it_is_blocked(
    lege_med_relasjon: Ansatt, kollega_samme_enhet: Ansatt, pasient: Pasient
) -> None:
    # given
    diagnose_id = (
        api_client(lege_med_relasjon)
        .post(_url(pasient.pk), {"kodeverk": "ICPC-2", "kode": "P76"}, format="json")
        .json()["id"]
    )
    Sperring.objects.create(
        pasient=pasient,
        mal=SperringMal.ANSATT,
        ansatt=kollega_samme_enhet,
        objekt_type="journal.Diagnose",
        objekt_id=diagnose_id,
    )
    # when
    listed = api_client(kollega_samme_enhet).get(_url(pasient.pk)).json()
    # then
    assert listed["resultater"] == [{"id": diagnose_id, "sperret": True}]


def test_strangers_get_the_same_404_as_for_missing(
    lege_med_relasjon: Ansatt, ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    # given
    diagnose_id = (
        api_client(lege_med_relasjon)
        .post(_url(pasient.pk), {"kodeverk": "ICPC-2", "kode": "T90"}, format="json")
        .json()["id"]
    )
    stranger = api_client(ansatt_annen_enhet)
    body = {"kodeverk": "ICPC-2", "kode": "T89"}
    # when
    pairs = [
        (stranger.get(_url(pasient.pk)), stranger.get(_url(uuid.uuid4()))),
        (
            stranger.post(_url(pasient.pk), body, format="json"),
            stranger.post(_url(uuid.uuid4()), body, format="json"),
        ),
        (
            stranger.post(_url(pasient.pk, f"{diagnose_id}/avslutt/")),
            stranger.post(_url(pasient.pk, f"{uuid.uuid4()}/avslutt/")),
        ),
    ]
    # then
    for denied, missing in pairs:
        assert denied.status_code == missing.status_code == 404
        assert denied.json() == missing.json()
    assert Diagnose.objects.count() == 1
    assert not AuditLogg.objects.filter(aktor_id=ansatt_annen_enhet.pk).exists()
