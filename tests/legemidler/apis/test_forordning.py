"""The medication API: list, order (409 with the checks, then override), detail, stop,
confirm, telephone orders, catalogue search; the same 404 for strangers; audit."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Pasient
from legemidler.models import Forordning
from tests.conftest import api_client
from tests.legemidler.conftest import lm
from tests.legemidler.factories import ForordningFactory

pytestmark = pytest.mark.usefixtures("katalog")


def _client(ansatt: Ansatt, enhet: Enhet) -> APIClient:
    client = api_client(ansatt)
    client.credentials(HTTP_X_ENHET=str(enhet.pk))
    return client


def _url(pasient: Pasient, rest: str = "") -> str:
    return f"/api/v1/pasienter/{pasient.pk}/legemidler/{rest}"


def _body(varenavn: str, **extra: Any) -> dict[str, Any]:
    return {
        "legemiddel": str(lm(varenavn).pk),
        "doseringstype": "fast",
        "dosering": {"tider": [{"tid": "08:00", "dose": "1"}]},
        "dose_enhet": "tablett",
        "administrasjonsvei": "oral",
        "indikasjon": "Smerter",
        **extra,
    }


def test_order_then_read_the_list_in_a_fhir_mappable_shape(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    client = _client(lege, avdeling)
    # when
    created = client.post(_url(beboer), _body("Paracet"), format="json")
    listed = client.get(_url(beboer))

    # then
    assert created.status_code == 201, created.content
    aktiv = listed.json()["aktive"][0]
    assert aktiv["status"] == "aktiv"
    assert aktiv["legemiddel"]["atc"] == "N02BE01"
    assert aktiv["legemiddel"]["fest_id"] == "ID_DEMO_LM_PARACET500"
    assert aktiv["dosering"] == {
        "type": "fast",
        "tider": [{"tid": "08:00", "dose": "1"}],
        "ukedager": [],
        "intervall_uker": 1,
    }
    assert aktiv["ordinert_av"]["hpr_nummer"] == lege.hpr_nummer
    assert listed.json()["avsluttede"] == []


def test_an_interaction_answers_409_with_the_checks_then_the_override_is_kept(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    client = _client(lege, avdeling)
    client.post(_url(beboer), _body("Marevan", indikasjon="Atrieflimmer"), format="json")

    # when
    stopped = client.post(_url(beboer), _body("Ibux"), format="json")

    # then
    assert stopped.status_code == 409
    kontroller = stopped.json()["kontroller"]
    assert [k["kontroll"] for k in kontroller] == ["interaksjon"]
    assert "Bør unngås" in kontroller[0]["melding"]
    assert "stoppet" in stopped.json()["detail"]

    ok = client.post(
        _url(beboer),
        _body("Ibux", overstyringer={"interaksjon": "Kort kur, INR måles"}),
        format="json",
    )
    assert ok.status_code == 201
    assert ok.json()["overstyringer"][0]["begrunnelse"] == "Kort kur, INR måles"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"dosering": {"tider": [{"tid": "08:00", "dose": "0"}]}}, "dose"),
        ({"sluttdato": "2000-01-01"}, "sluttdato"),
        ({"dosering": {"tider": [{"tid": "kl åtte", "dose": "1"}]}}, "tider"),
    ],
)
def test_bad_input_is_a_norwegian_400(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient, extra: dict[str, Any], field: str
) -> None:
    response = _client(lege, avdeling).post(_url(beboer), _body("Paracet", **extra), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Forordning.objects.exists()


def test_detail_stop_and_confirm(
    lege: Ansatt, sykepleier: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    # given: a nurse's telephone order
    created = _client(sykepleier, avdeling).post(
        _url(beboer),
        _body("Paracet", telefonordinasjon=True, ordinert_av=str(lege.pk)),
        format="json",
    )
    assert created.status_code == 201
    fid = created.json()["id"]
    assert created.json()["ubekreftet"] is True
    client = _client(lege, avdeling)

    # the doctor's list has it; confirm; stop
    assert [
        f["id"] for f in client.get("/api/v1/legemidler/telefonordinasjoner/").json()["resultater"]
    ] == [fid]
    assert client.post(_url(beboer, f"{fid}/bekreft/")).json()["ubekreftet"] is False
    assert (
        client.post(_url(beboer, f"{fid}/seponer/"), {"grunn": ""}, format="json").status_code
        == 400
    )
    stopped = client.post(_url(beboer, f"{fid}/seponer/"), {"grunn": "Ferdig"}, format="json")
    assert stopped.json()["status"] == "seponert"
    assert client.get(_url(beboer, f"{fid}/")).json()["seponeringsgrunn"] == "Ferdig"
    assert AuditLogg.objects.filter(hendelse=AuditEvent.FORORDNING_CONFIRMED).exists()


def test_strangers_get_the_same_404_everywhere(
    lege: Ansatt, avdeling: Enhet, fremmed_pasient: Pasient
) -> None:
    forordning = ForordningFactory(pasient=fremmed_pasient)
    client = _client(lege, avdeling)
    for method, rest, body in [
        ("get", "", None),
        ("post", "", _body("Paracet")),
        ("get", f"{forordning.pk}/", None),
        ("post", f"{forordning.pk}/seponer/", {"grunn": "x"}),
        ("post", f"{forordning.pk}/bekreft/", None),
    ]:
        response = getattr(client, method)(_url(fremmed_pasient, rest), body, format="json")
        assert response.status_code == 404, (method, rest)
        assert response.json() == {"detail": "Fant ikke det du lette etter."}


def test_catalogue_search(lege: Ansatt, avdeling: Enhet) -> None:
    client = _client(lege, avdeling)
    names = [
        t["navn_form_styrke"] for t in client.get("/api/v1/legemidler/katalog/?sok=morf").json()
    ]
    assert names == ["Dolcontin depottab 10 mg", "Morfin inj 10 mg/ml"]
    assert (
        client.get("/api/v1/legemidler/katalog/?sok=L04AX").json()[0]["varenavn"] == "Metotreksat"
    )
