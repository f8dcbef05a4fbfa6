"""A change of a multidose order reaches the pharmacy stand-in over real HTTP through the
outbox (once, keyed by the delivery), and the delivery shows on the order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from core.audit import AuditEvent
from core.models import AuditLogg, Levering
from core.outbox import levering_deliver
from integrasjoner.multidose.services import APOTEK
from integrasjoner.standin.server import Standin
from legemidler.models import Multidoseendring
from legemidler.selectors import multidose_leveringer
from tests.acting import acting_as
from tests.legemidler.factories import ForordningFactory
from tests.legemidler.utdeling.conftest import Avdeling

pytestmark = pytest.mark.django_db


@pytest.fixture
def apotek(settings: Any) -> Iterator[Standin]:
    server = Standin().start()
    settings.MULTIDOSE_URL = f"{server.url}/multidose"
    try:
        yield server
    finally:
        server.close()


def test_a_new_and_a_stopped_multidose_order_reach_the_pharmacy(
    avd: Avdeling, apotek: Standin
) -> None:
    # given a new multidose order, then stopped
    with transaction.atomic():
        ordre = ForordningFactory(
            pasient=avd.kari, enhet=avd.avdeling, ordinert_av=avd.lege, multidose=True
        )
    ordre.status, ordre.seponert_at, ordre.seponert_av = "seponert", ordre.start, avd.lege
    ordre.seponeringsgrunn = "Byttet preparat"
    ordre.save()
    ordre.save()  # saving again tells nothing new
    # when
    leveringer = Levering.objects.filter(mottaker=APOTEK).order_by("koet_at", "id")
    results = [levering_deliver(levering_id=lev.pk) for lev in leveringer]
    # then
    assert results == ["levert", "levert"]
    seen = apotek.state.mottatt
    assert sorted(m.innhold["endring"] for m in seen) == ["ny", "seponert"]
    assert {m.sti for m in seen} == {"/multidose/endringer"}
    assert {m.nokkel for m in seen} == {str(lev.pk) for lev in leveringer}
    assert seen[0].innhold["pasient"]["identifikator"] == avd.kari.identifikator
    assert Multidoseendring.objects.filter(forordning=ordre).count() == 2
    assert AuditLogg.objects.filter(hendelse=AuditEvent.MULTIDOSE_SENT).count() == 2
    with acting_as(avd.spl1):
        vist = multidose_leveringer(actor=avd.spl1, forordning_id=ordre.pk)
    assert [(v.endring.endring, v.levert) for v in vist] == [("ny", True), ("seponert", True)]


def test_an_ordinary_order_tells_the_pharmacy_nothing(avd: Avdeling) -> None:
    assert not Multidoseendring.objects.exists()
    assert not Levering.objects.filter(mottaker=APOTEK).exists()


def test_the_api_shows_the_orders_deliveries_and_404_for_other_units(avd: Avdeling) -> None:
    from tests.conftest import api_client

    with transaction.atomic():
        ordre = ForordningFactory(
            pasient=avd.kari, enhet=avd.avdeling, ordinert_av=avd.lege, multidose=True
        )
    body = api_client(avd.spl1).get(f"/api/v1/legemidler/forordninger/{ordre.pk}/multidose/")
    assert [(r["endring"], r["levert"], r["leveringer"][0]["status"]) for r in body.json()] == [
        ("ny", False, "venter")
    ]
    other = api_client(avd.spl_annen).get(f"/api/v1/legemidler/forordninger/{ordre.pk}/multidose/")
    assert other.status_code == 404
