"""The notes API: the whole lifecycle, 409 on a stale lasversjon, search, history, schema,
and the same 404 for strangers as for missing notes on every action."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import JournalnotatVersjon, Notattype, Pasient
from tests.conftest import actor, api_client
from tests.factories import JournalnotatFactory, NotattypeFactory, PasientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sykepleier(enhet: Enhet) -> Ansatt:
    return actor(enhet, "sykepleier", username="spl1", helsepersonellkategori="SP")


@pytest.fixture
def sykepleienotat(db: None) -> Notattype:
    notattype: Notattype = NotattypeFactory()
    return notattype


def base(pasient_id: object) -> str:
    return f"/api/v1/pasienter/{pasient_id}/journalnotater/"


def test_lifecycle_through_the_api(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    client = api_client(sykepleier)
    # when
    created = client.post(
        base(pasient.pk),
        {
            "type_id": str(sykepleienotat.pk),
            "tittel": "Morgen",
            "innhold": {"Observasjon": "Våken og klar."},
        },
        format="json",
    )
    notat_id = created.json()["id"]
    detail = f"{base(pasient.pk)}{notat_id}/"
    saved = client.patch(detail, {"lasversjon": 0, "innhold": {"Tiltak": "Dusj."}}, format="json")
    signed = client.post(f"{detail}signer/", {"lasversjon": 1}, format="json")
    correcting = client.post(
        f"{detail}korriger/", {"grunn": "Glemte evaluering", "lasversjon": 2}, format="json"
    )
    corrected = client.post(
        f"{detail}signer/",
        {"lasversjon": 3, "innhold": {"Evaluering": "Fornøyd."}},
        format="json",
    )
    history = client.get(f"{detail}historikk/")
    listing = api_client(lege_med_relasjon).get(base(pasient.pk))
    # then
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "utkast"
    assert body["signert"] is None
    assert list(body["utkast"]["innhold"]) == [
        "Sykepleiediagnose",
        "Observasjon",
        "Tiltak",
        "Evaluering",
    ]
    assert saved.json()["utkast"]["innhold"]["Tiltak"] == "Dusj."
    assert saved.json()["utkast"]["innhold"]["Observasjon"] == "Våken og klar."
    assert signed.status_code == 200
    assert signed.json()["signert"]["nummer"] == 1
    assert signed.json()["utkast"] is None
    assert correcting.json()["utkast"]["korrigeringsgrunn"] == "Glemte evaluering"
    assert correcting.json()["signert"]["nummer"] == 1
    assert corrected.json()["signert"]["nummer"] == 2
    assert corrected.json()["signert"]["innhold"]["Evaluering"] == "Fornøyd."
    versions = history.json()
    assert [v["nummer"] for v in versions] == [2, 1]
    assert {"type": "ny", "tekst": "Evaluering"} in versions[0]["endringer"]
    assert versions[1]["endringer"] is None
    rows = listing.json()["resultater"]
    assert [(r["tittel"], r["versjon"], r["sperret"]) for r in rows] == [("Morgen", 2, False)]


def test_stale_lasversjon_is_409_with_the_current_counter(
    sykepleier: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    client = api_client(sykepleier)
    created = client.post(
        base(pasient.pk), {"type_id": str(sykepleienotat.pk)}, format="json"
    ).json()
    detail = f"{base(pasient.pk)}{created['id']}/"
    client.patch(detail, {"lasversjon": 0, "innhold": {"Tiltak": "Første"}}, format="json")
    # when
    stale = client.patch(detail, {"lasversjon": 0, "innhold": {"Tiltak": "Andre"}}, format="json")
    stale_sign = client.post(f"{detail}signer/", {"lasversjon": 0}, format="json")
    # then
    assert stale.status_code == stale_sign.status_code == 409
    assert stale.json() == {
        "detail": "Notatet er endret av noen andre siden du åpnet det. Last på nytt.",
        "lasversjon": 1,
    }
    assert client.get(detail).json()["utkast"]["innhold"]["Tiltak"] == "Første"
    assert not JournalnotatVersjon.objects.exists()


def test_input_errors_are_norwegian_400s(
    sykepleier: Ansatt, pasient: Pasient, sykepleienotat: Notattype, enhet: Enhet
) -> None:
    # given
    client = api_client(sykepleier)
    notat = JournalnotatFactory(pasient=pasient, enhet=enhet, signert=True)
    # when
    no_reason = client.post(f"{base(pasient.pk)}{notat.pk}/korriger/", {}, format="json")
    unknown = client.post(
        base(pasient.pk),
        {"type_id": str(sykepleienotat.pk), "innhold": {"Diagnose": "x"}},
        format="json",
    )
    # then
    assert no_reason.status_code == unknown.status_code == 400
    assert no_reason.json()["grunn"] == ["Skriv en begrunnelse."]
    assert unknown.json()["innhold"] == ["Ukjent overskrift: Diagnose."]


def test_search_endpoint(lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet) -> None:
    # given
    notat = JournalnotatFactory(
        pasient=pasient,
        enhet=enhet,
        utkast={"Observasjon": "Hodepinen ga seg etter hvile."},
        signert=True,
    )
    # when
    response = api_client(lege_med_relasjon).get(f"{base(pasient.pk)}sok/", {"q": "hodepine"})
    empty = api_client(lege_med_relasjon).get(f"{base(pasient.pk)}sok/", {"q": " "})
    # then
    assert response.status_code == 200
    [hit] = response.json()["resultater"]
    assert hit["id"] == str(notat.pk)
    assert "<mark>Hodepinen</mark>" in hit["utdrag"]
    assert empty.status_code == 400
    assert AuditLogg.objects.filter(hendelse=AuditEvent.NOTAT_SEARCHED).count() == 1


def test_note_types_for_the_acting_unit(sykepleier: Ansatt, sykepleienotat: Notattype) -> None:
    # when
    response = api_client(sykepleier).get("/api/v1/notattyper/")
    # then
    assert response.status_code == 200
    types = {t["kode"]: t for t in response.json()}
    assert types["sykepleienotat"]["overskrifter"] == [
        "Sykepleiediagnose",
        "Observasjon",
        "Tiltak",
        "Evaluering",
    ]


ACTIONS = [
    ("signer", {"lasversjon": 0}),
    ("korriger", {"grunn": "Feil"}),
    ("feilregistrer", {"grunn": "Feil"}),
    ("kontrasigner", {}),
]


@pytest.mark.parametrize(("action", "data"), ACTIONS)
def test_strangers_get_the_same_404_as_for_a_missing_note(
    action: str,
    data: dict[str, object],
    ansatt_annen_enhet: Ansatt,
    pasient: Pasient,
    enhet: Enhet,
) -> None:
    # given
    notat = JournalnotatFactory(
        pasient=pasient, enhet=enhet, signert=True, krever_kontrasignering=True
    )
    client = api_client(ansatt_annen_enhet)
    # when
    denied = client.post(f"{base(pasient.pk)}{notat.pk}/{action}/", data, format="json")
    missing = client.post(f"{base(pasient.pk)}{uuid.uuid4()}/{action}/", data, format="json")
    # then
    assert denied.status_code == missing.status_code == 404
    assert denied.content == missing.content
    assert not AuditLogg.objects.filter(aktor_id=ansatt_annen_enhet.pk).exists()
    notat.refresh_from_db()
    assert (notat.status, notat.utkast_av, notat.kontrasignert_av) == ("signert", None, None)


@pytest.mark.parametrize(("action", "data"), ACTIONS)
def test_actions_on_a_note_named_under_another_patient_are_404_and_change_nothing(
    action: str,
    data: dict[str, object],
    sykepleier: Ansatt,
    pasient: Pasient,
    enhet: Enhet,
) -> None:
    # given: both patients are the nurse's, but the URL names the wrong one
    other = PasientFactory(relasjon_til=enhet)
    notat = JournalnotatFactory(
        pasient=pasient, enhet=enhet, signert=True, krever_kontrasignering=True
    )
    # when
    response = api_client(sykepleier).post(
        f"{base(other.pk)}{notat.pk}/{action}/", data, format="json"
    )
    # then
    assert response.status_code == 404
    notat.refresh_from_db()
    assert (notat.status, notat.utkast_av, notat.kontrasignert_av) == ("signert", None, None)


def test_anonymous_gets_401(pasient: Pasient) -> None:
    # when
    response = Client().get(base(pasient.pk))
    # then
    assert response.status_code == 401


def test_schema_documents_the_note_endpoints() -> None:
    # when
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    # then
    paths = schema["paths"]
    note = "/api/v1/pasienter/{pasient_id}/journalnotater/{notat_id}/"
    assert {
        "/api/v1/pasienter/{pasient_id}/journalnotater/",
        "/api/v1/pasienter/{pasient_id}/journalnotater/sok/",
        note,
        f"{note}signer/",
        f"{note}korriger/",
        f"{note}feilregistrer/",
        f"{note}kontrasigner/",
        f"{note}historikk/",
        "/api/v1/notattyper/",
    } <= set(paths)
    assert "409" in paths[f"{note}signer/"]["post"]["responses"]
    assert "409" in paths[note]["patch"]["responses"]
