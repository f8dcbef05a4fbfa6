"""The HELFO stand-in over real HTTP: a valid claim gets a receipt once per claim id, an
invalid one is refused, and settlements pay or reject lines by the rule set in /_kontroll/."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core import http
from core.exceptions import IntegrationError
from integrasjoner.helfo.lib.krav import krav_xml
from integrasjoner.standin.server import Standin
from tests.integrasjoner.helfo.conftest import hode, regning


def _post(standin: Standin, xml: bytes, key: str) -> dict[str, Any]:
    svar = http.request(
        "POST",
        f"{standin.url}/helfo/krav",
        body=xml,
        headers={"Idempotency-Key": key, "Content-Type": "application/xml"},
    )
    data: dict[str, Any] = svar.json()
    return data


def _get(standin: Standin, sti: str) -> Any:
    return http.request("GET", f"{standin.url}{sti}").json()


@pytest.fixture
def server() -> Any:
    s = Standin().start()
    yield s
    s.close()


def test_a_claim_is_receipted_once_and_settled_by_the_rule(server: Standin) -> None:
    # given HELFO rejects bills with fee code 2cd
    http.post_json(f"{server.url}/_kontroll/helfo", {"avvis_takster": ["2cd"]})
    krav = hode(regning(1), regning(2, takster=(("2ad", "199"), ("2cd", "150"))))
    xml = krav_xml(krav)
    # when it is sent twice with the claim id as key
    forste = _post(server, xml, str(krav.krav_id))
    andre = _post(server, xml, str(krav.krav_id))
    # then one receipt, the repeat marked a duplicate, and one settlement
    assert forste["kvittering"] == {
        "krav_id": str(krav.krav_id),
        "antall_regninger": 2,
        "status": "mottatt",
    }
    assert (forste["duplikat"], andre["duplikat"]) == (False, True)
    oppgjoer = _get(server, "/helfo/oppgjoer")["oppgjoer"]
    assert len(oppgjoer) == 1
    linjer = oppgjoer[0]["linjer"]
    assert [(linje["regning_nr"], linje["status"]) for linje in linjer] == [
        ("1", "betalt"),
        ("2", "avvist"),
    ]
    assert linjer[0]["refusjon"] == "99.00"
    assert linjer[1]["aarsakskode"] == "61"
    assert _get(server, f"/helfo/oppgjoer/{krav.krav_id}")["krav_id"] == str(krav.krav_id)


def test_an_invalid_message_is_refused_and_nothing_is_settled(server: Standin) -> None:
    with pytest.raises(IntegrationError) as feil:
        _post(server, b"<MsgHead/>", "k1")
    assert feil.value.permanent
    assert "HTTP 400" in str(feil.value)
    assert _get(server, "/helfo/oppgjoer") == {"oppgjoer": []}


def test_a_settlement_for_a_claim_never_sent_can_be_staged_and_reset(server: Standin) -> None:
    http.post_json(f"{server.url}/_kontroll/helfo", {"oppgjoer_uten_krav": "ukjent-1"})
    assert _get(server, "/helfo/oppgjoer")["oppgjoer"][0]["krav_id"] == "ukjent-1"
    with pytest.raises(IntegrationError, match="404"):
        _get(server, "/helfo/oppgjoer/finnes-ikke")
    http.post_json(f"{server.url}/_kontroll/nullstill", {})
    assert _get(server, "/helfo/oppgjoer") == {"oppgjoer": []}
    assert json.loads(json.dumps(_get(server, "/_kontroll/helse"))) == {"ok": True}
