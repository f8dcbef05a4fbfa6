"""The growth API: measurements with SD score and centile, the flags, registration with
Norwegian refusals; the same 404 for a stranger and a missing child."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg
from journal.models import Pasient
from tests.conftest import api_client
from tests.tjenester.helsestasjon.test_vekst_views import _along
from tjenester.helsestasjon.models import Vekstmaaling

pytestmark = pytest.mark.django_db
API = "/api/v1/helsestasjon/barn"


def test_measurements_come_with_sds_centile_and_flags(
    helsesykepleier: Ansatt, barn: Pasient
) -> None:
    _along(helsesykepleier, barn, {42: 0.3, 183: -0.5, 365: -1.5})
    response = api_client(helsesykepleier).get(f"{API}/{barn.pk}/vekst/")
    assert response.status_code == 200
    body = response.json()
    nyeste = body["resultater"][0]
    assert nyeste["maaling"]["dato"] == (barn.fodselsdato + dt.timedelta(days=365)).isoformat()
    assert nyeste["vekt"]["sds"] == pytest.approx(-1.5, abs=0.05)
    assert nyeste["vekt"]["alder_dager"] == 365
    assert nyeste["hodeomkrets"] is None
    assert [f["kode"] for f in body["flagg"]] == ["krysser_ned"]
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.VEKSTKURVE_READ, pasient_id=barn.pk
    ).exists()


def test_register_and_refuse(helsesykepleier: Ansatt, barn: Pasient) -> None:
    client = api_client(helsesykepleier)
    dato = (barn.fodselsdato + dt.timedelta(days=365)).isoformat()
    ok = client.post(
        f"{API}/{barn.pk}/vekstmaalinger/",
        {"dato": dato, "vekt_g": 9650, "lengde_mm": 757, "maalemetode": "liggende"},
        format="json",
    )
    assert ok.status_code == 201
    assert ok.json()["vekt_g"] == 9650
    bad = client.post(
        f"{API}/{barn.pk}/vekstmaalinger/", {"dato": dato, "vekt_g": 300_000}, format="json"
    )
    assert bad.status_code == 400
    assert "300 kg er ikke mulig" in str(bad.json())
    assert Vekstmaaling.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_stranger_gets_the_same_404_as_for_a_missing_child(
    fremmed: Ansatt, barn: Pasient, method: str
) -> None:
    client = api_client(fremmed)
    path = "vekst/" if method == "get" else "vekstmaalinger/"
    data = {"dato": (barn.fodselsdato + dt.timedelta(days=10)).isoformat(), "vekt_g": 4000}
    for pasient_id in (barn.pk, uuid.uuid4()):
        response = getattr(client, method)(f"{API}/{pasient_id}/{path}", data, format="json")
        assert response.status_code == 404
    assert not Vekstmaaling.objects.exists()
