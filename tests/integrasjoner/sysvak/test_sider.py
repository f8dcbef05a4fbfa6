"""The child's SYSVAK page: each vaccination with the register's receipt or what is pending,
the doses fetched shown as "fra SYSVAK", the look-up button; the same 404 for strangers."""

from __future__ import annotations

import uuid

import pytest

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet, Levering
from core.outbox import levering_deliver
from integrasjoner.standin.server import Standin
from integrasjoner.sysvak.services import OPPSLAG, SYSVAK
from journal.models import Pasient
from tests.conftest import logged_in
from tests.html_tables import table_rows
from tests.integrasjoner.sysvak.test_sysvak import _behave, _give

pytestmark = pytest.mark.django_db


def _rows(html: str) -> list[list[list[str]]]:
    return [r for r in table_rows(html, "sysvak-vaksinasjoner") if r]


def url(pasient_id: object, tail: str = "") -> str:
    return f"/integrasjoner/sysvak/barn/{pasient_id}/{tail}"


def test_the_receipt_and_a_pending_report_are_shown(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt, sysvak: Standin
) -> None:
    _give(helsesykepleier, stasjon, ettaaring, "pkv-3")
    [levering] = Levering.objects.filter(mottaker=SYSVAK)
    assert levering_deliver(levering_id=levering.pk) == "levert"
    _behave(sysvak, modus="feil", status=503)
    _give(helsesykepleier, stasjon, ettaaring, "mmr-1")
    [venter] = Levering.objects.filter(mottaker=SYSVAK).exclude(pk=levering.pk)
    assert levering_deliver(levering_id=venter.pk) == "venter"
    response = logged_in(helsesykepleier).get(url(ettaaring.pk))
    assert response.status_code == 200
    html = response.content.decode()
    statuses = {" ".join(r[0]): " ".join(r[3]) for r in _rows(html)}
    pkv = next(v for k, v in statuses.items() if k.startswith("Pneumokokk"))
    mmr = next(v for k, v in statuses.items() if k.startswith("MMR"))
    assert "Vaksinasjon: kvittert" in pkv
    assert "Venter på SYSVAK" in mmr
    assert "HTTP 503" in mmr
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.SYSVAK_HISTORIKK_READ, pasient_id=ettaaring.pk
    ).exists()


def test_the_button_asks_sysvak_and_the_doses_show_as_fra_sysvak(
    ettaaring: Pasient, helsesykepleier: Ansatt, sysvak: Standin
) -> None:
    from core.http import request

    request(
        "POST",
        f"{sysvak.url}/sysvak/historikk",
        json_body={
            "fnr": ettaaring.identifikator,
            "vaksinasjoner": [
                {
                    "id": "t1",
                    "vaksine": "Rotavirus",
                    "dose_nr": 1,
                    "tidspunkt": "2025-01-10T10:00:00+01:00",
                    "preparat": "Rotarix",
                    "batch": "R1",
                }
            ],
        },
        headers={"Idempotency-Key": "h1"},
    )
    client = logged_in(helsesykepleier)
    response = client.post(url(ettaaring.pk, "hent/"))
    assert response.status_code == 302
    [levering] = Levering.objects.filter(mottaker=OPPSLAG)
    assert levering_deliver(levering_id=levering.pk) == "levert"
    rows = _rows(client.get(url(ettaaring.pk)).content.decode())
    assert [(" ".join(r[0]), " ".join(r[2])) for r in rows] == [("Rotavirus dose 1", "fra SYSVAK")]


def test_a_stranger_gets_the_same_404_as_for_a_missing_child(
    ettaaring: Pasient, fremmed: Ansatt
) -> None:
    client = logged_in(fremmed)
    for pasient_id in (ettaaring.pk, uuid.uuid4()):
        assert client.get(url(pasient_id)).status_code == 404
        assert client.post(url(pasient_id, "hent/")).status_code == 404
    assert not Levering.objects.filter(mottaker=OPPSLAG).exists()


def test_a_failed_report_shows_on_the_integrations_dashboard(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt, sysvak: Standin
) -> None:
    from tests.conftest import actor

    # given a report the register refuses (a dead letter)
    _behave(sysvak, modus="feil", status=422)
    _give(helsesykepleier, stasjon, ettaaring, "pkv-3")
    [levering] = Levering.objects.filter(mottaker=SYSVAK)
    assert levering_deliver(levering_id=levering.pk) == "dod"
    # when an admin opens the dashboard and the receiver's page
    admin = logged_in(actor(stasjon, "admin", username="drift-sysvak", hpr_nummer=None))
    oversikt = admin.get("/integrasjoner/").content.decode()
    mottaker = admin.get(f"/integrasjoner/mottakere/{SYSVAK}/").content.decode()
    # then the SYSVAK receivers are listed and the dead letter can be replayed
    assert SYSVAK in oversikt
    assert OPPSLAG in oversikt
    assert str(levering.pk) in mottaker
