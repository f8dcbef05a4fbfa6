"""The reconciliation and review API."""

from __future__ import annotations

import pytest

from core.models import Ansatt, Enhet
from journal.models import Pasient
from tests.legemidler.apis.test_forordning import _client
from tests.legemidler.factories import ForordningFactory

pytestmark = pytest.mark.usefixtures("katalog")


def test_the_whole_reconciliation_through_the_api(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    ForordningFactory(pasient=beboer, enhet=avdeling)
    client = _client(lege, avdeling)
    base = f"/api/v1/pasienter/{beboer.pk}/legemiddelsamstemminger/"

    assert client.get(base).json()["ikke_samstemt"] == "Legemiddellisten er ikke samstemt"
    created = client.post(base, {"anledning": "innleggelse", "kilde": "Epikrise"}, format="json")
    assert created.status_code == 201
    sid = created.json()["id"]
    linje = created.json()["linjer"][0]
    assert linje["forordning_navn"]
    added = client.post(f"{base}{sid}/linjer/", {"innkommende": "Ibux 400 mg"}, format="json")
    assert added.status_code == 201

    # signing too early is a Norwegian 400
    early = client.post(f"{base}{sid}/signer/")
    assert early.status_code == 400
    assert "mangler beslutning" in early.json()["detail"]

    for lid, b in [(linje["id"], "fortsett"), (added.json()["id"], "ny")]:
        r = client.post(
            f"{base}{sid}/linjer/{lid}/beslutt/",
            {"beslutning": b, "begrunnelse": "Ok"},
            format="json",
        )
        assert r.status_code == 200
    signed = client.post(f"{base}{sid}/signer/")
    assert signed.json()["status"] == "signert"
    assert client.get(base).json()["ikke_samstemt"] is None


def test_review_and_strangers(lege: Ansatt, avdeling: Enhet, fremmed_pasient: Pasient) -> None:
    client = _client(lege, avdeling)
    url = f"/api/v1/pasienter/{fremmed_pasient.pk}/legemiddelgjennomganger/"
    r = client.post(url, {"dato": "2026-01-05", "deltakere": "x", "funn": "y"}, format="json")
    assert r.status_code == 404
    r = client.get(f"/api/v1/pasienter/{fremmed_pasient.pk}/legemiddelsamstemminger/")
    assert r.status_code == 404
