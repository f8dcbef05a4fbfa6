"""The tildeling API: applications (POST/GET), cases, decisions, letter, appeals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.audit import AuditEvent
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Pasient
from tests.acting import acting_as
from tests.conftest import api_client
from tildeling.models import Tjenestetype

from .conftest import fattet, innvilget, sak_new

pytestmark = pytest.mark.django_db


def _soeknad(pasient: Pasient, *typer: Tjenestetype) -> dict[str, Any]:
    return {
        "identifikator": pasient.identifikator,
        "mottatt_dato": idag().isoformat(),
        "kanal": "digital",
        "tjenester": [{"tjenestetype_id": str(t.pk), "onsket_omfang": "litt"} for t in typer],
    }


def test_post_soeknad_opens_a_case_and_a_duplicate_is_refused(
    saksbehandler: Ansatt, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    client = api_client(saksbehandler)
    # when
    created = client.post("/api/v1/soknader/", _soeknad(soker, katalog["15"]), format="json")
    again = client.post("/api/v1/soknader/", _soeknad(soker, katalog["15"]), format="json")
    # then
    assert created.status_code == 201
    assert created.json()["status"] == "mottatt"
    assert created.json()["tjenester"] == ["15"]
    assert again.status_code == 400
    assert "allerede en åpen sak" in str(again.json())
    listed = client.get("/api/v1/soknader/").json()["resultater"]
    assert [s["sak_id"] for s in listed] == [created.json()["id"]]


def test_post_soeknad_errors_are_norwegian(saksbehandler: Ansatt, soker: Pasient) -> None:
    # when
    response = api_client(saksbehandler).post(
        "/api/v1/soknader/", {**_soeknad(soker), "tjenester": []}, format="json"
    )
    # then
    assert response.status_code == 400
    assert "Velg minst én tjeneste" in str(response.json())


def test_cases_decisions_letter_and_appeals(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    # given
    with acting_as(saksbehandler, kontor):
        sak = sak_new(saksbehandler, soker, katalog["15"])
        vedtak = fattet(saksbehandler, sak, innvilget(katalog["15"], enhet))
    client = api_client(saksbehandler)
    # when / then
    saker = client.get("/api/v1/saker/?status=vedtatt").json()["resultater"]
    assert [s["id"] for s in saker] == [str(sak.pk)]
    assert client.get(f"/api/v1/saker/{sak.pk}/").json()["status"] == "vedtatt"
    liste = client.get(f"/api/v1/vedtak/?pasient={soker.pk}").json()["resultater"]
    assert [v["id"] for v in liste] == [str(vedtak.pk)]
    detalj = client.get(f"/api/v1/vedtak/{vedtak.pk}/").json()
    assert (detalj["utfall"], detalj["tjenestetype_kode"], detalj["omfang"]) == (
        "innvilget",
        "15",
        3.0,
    )
    brev = client.get(f"/api/v1/vedtak/{vedtak.pk}/brev.pdf")
    assert brev.status_code == 200
    assert brev.content.startswith(b"%PDF")
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.VEDTAKSBREV_DOWNLOADED, aktor_id=saksbehandler.pk
    ).exists()
    klage = client.post(
        "/api/v1/klager/",
        {"vedtak_id": str(vedtak.pk), "mottatt_dato": idag().isoformat(), "anforsler": "Mer"},
        format="json",
    )
    assert klage.status_code == 201
    assert klage.json()["for_sent"] is False
    assert [k["id"] for k in client.get("/api/v1/klager/").json()["resultater"]] == [
        klage.json()["id"]
    ]


ENDPOINTS = [
    "/api/v1/saker/{sak}/",
    "/api/v1/vedtak/{vedtak}/",
    "/api/v1/vedtak/{vedtak}/brev.pdf",
]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_access_matrix(
    path: str,
    saksbehandler: Ansatt,
    annet_kontor_saksbehandler: Ansatt,
    lege_med_relasjon: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    # given
    with acting_as(saksbehandler, kontor):
        sak = sak_new(saksbehandler, soker, katalog["15"])
        vedtak = fattet(saksbehandler, sak, innvilget(katalog["15"], enhet))
    url = path.format(sak=sak.pk, vedtak=vedtak.pk)
    missing = path.format(
        sak="00000000-0000-4000-8000-000000000000", vedtak="00000000-0000-4000-8000-000000000000"
    )
    # when
    ok = api_client(saksbehandler).get(url)
    other = api_client(annet_kontor_saksbehandler).get(url)
    gone = api_client(annet_kontor_saksbehandler).get(missing)
    lege = api_client(lege_med_relasjon).get(url)
    anonym = api_client(None).get(url)
    # then
    assert ok.status_code == 200
    assert other.status_code == gone.status_code == 404
    assert other.content == gone.content
    assert lege.status_code == 403
    assert anonym.status_code in (401, 403)


@pytest.mark.parametrize(
    "path", ["/api/v1/soknader/", "/api/v1/saker/", "/api/v1/vedtak/", "/api/v1/klager/"]
)
def test_lists_are_the_offices_own(
    path: str,
    saksbehandler: Ansatt,
    annet_kontor_saksbehandler: Ansatt,
    lege_med_relasjon: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    # given
    with acting_as(saksbehandler, kontor):
        sak = sak_new(saksbehandler, soker, katalog["15"], mottatt=idag() - dt.timedelta(days=1))
        fattet(saksbehandler, sak, innvilget(katalog["15"], enhet))
    # when
    mine = api_client(saksbehandler).get(path)
    other = api_client(annet_kontor_saksbehandler).get(path)
    # then
    assert mine.status_code == other.status_code == 200
    assert other.json()["resultater"] == []
    assert api_client(lege_med_relasjon).get(path).status_code == 403
