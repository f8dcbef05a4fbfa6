"""Claims to HELFO in the browser, on a 360 px phone: the GP finds «HELFO-krav» in the
menu, sees a settled claim with one rejected bill, opens the worklist, corrects the bill
(a wrong amount is refused next to the field first), resends it, and after HELFO's next
settlement the new claim is paid. Delivery and the settlement fetch are run here (no
worker in the browser tests), against the real HELFO stand-in over HTTP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from core import http
from core.models import Ansatt, Enhet, EnhetType, Levering
from core.outbox import levering_deliver
from integrasjoner.helfo.models import Behandlerkrav, KravStatus, LinjeStatus
from integrasjoner.helfo.services import HELFO, Kravkilde, krav_create, krav_send, oppgjoer_poll
from integrasjoner.standin.server import Standin
from tests.acting import acting_as
from tests.browser.conftest import login, make, menu_open, scroll_width, submit_and_wait
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory
from tests.integrasjoner.helfo.conftest import fnr, regning

pytestmark = pytest.mark.browser


@pytest.fixture
def helfo(settings: Any) -> Iterator[Standin]:
    server = Standin().start()
    settings.HELFO_URL = f"{server.url}/helfo"
    http.post_json(f"{server.url}/_kontroll/helfo", {"avvis_takster": ["2cd"]})
    yield server
    server.close()


@pytest.fixture
def kontor(_seed_data: None) -> Enhet:
    unit: Enhet = make(
        EnhetFactory,
        navn="Nordbyen legekontor",
        type=EnhetType.LEGEKONTOR,
        organisasjonsnummer="974760673",
        her_id=8_140_099,
    )
    return unit


@pytest.fixture
def lege(kontor: Enhet) -> Ansatt:
    return actor(kontor, "lege", username="lege-helfo", first_name="Lise", last_name="Lege")


def _settle() -> None:
    for lev in Levering.objects.filter(mottaker=HELFO, status="venter"):
        assert levering_deliver(levering_id=lev.id) == "levert"
    oppgjoer_poll()


def test_the_gp_corrects_a_rejected_bill_on_a_phone_and_it_is_paid(
    new_page: Any, kontor: Enhet, lege: Ansatt, helfo: Standin
) -> None:
    # given a settled claim with one bill rejected (it had 2cd)
    kilder = []
    for nr, takster in ((1, (("2ad", "199"),)), (2, (("2ad", "199"), ("2cd", "150")))):
        r = regning(nr, fodselsnr=fnr(nr=500 + nr * 13), takster=takster)
        pasient = make(PasientFactory, identifikator=r.fnr, relasjon_til=kontor)
        kilder.append(Kravkilde(regning=r, pasient_id=pasient.pk))
    with acting_as(lege):
        krav = krav_create(
            actor=lege,
            enhet=kontor,
            behandler=lege,
            fra=dt.date(2026, 11, 30),
            til=dt.date(2026, 12, 6),
            kilder=kilder,
        )
        krav_send(actor=lege, krav_id=krav.pk)
    _settle()
    page: Page = new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    # when the GP logs in and follows the menu
    login(page, "lege-helfo")
    menu_open(page)
    page.get_by_role("link", name="HELFO-krav").click()
    expect(page.get_by_role("heading", name="Krav til HELFO")).to_be_visible()
    expect(page.get_by_test_id("status").first).to_have_text("Oppgjort")
    page.get_by_test_id("arbeidsliste-lenke").click()
    linje = page.get_by_test_id("avvist-linje")
    expect(linje).to_have_count(1)
    expect(linje.get_by_test_id("aarsak")).to_contain_text("Takstkoden kan ikke kreves")
    assert scroll_width(page) <= 360
    # a wrong amount is refused next to the field, with what was typed
    felt = linje.get_by_label("Takster")
    felt.fill("2ad tjue")
    submit_and_wait(page, linje.get_by_role("button", name="Lagre korreksjon"))
    expect(page.get_by_role("alert").first).to_contain_text("har ikke et gyldig beløp")
    expect(page.get_by_test_id("avvist-linje").get_by_label("Takster")).to_have_value("2ad tjue")
    # then the right one, and resend
    page.get_by_test_id("avvist-linje").get_by_label("Takster").fill("2ad 199")
    submit_and_wait(
        page, page.get_by_test_id("avvist-linje").get_by_role("button", name="Lagre korreksjon")
    )
    expect(page.get_by_test_id("linje-status")).to_have_text("Korrigert, ikke sendt")
    submit_and_wait(page, page.get_by_role("button", name="Send korrigerte linjer til HELFO"))
    expect(page.get_by_test_id("tom")).to_be_visible()
    _settle()
    # the new claim is paid, and the list shows both settled
    page.goto("/integrasjoner/helfo/")
    expect(page.get_by_test_id("status")).to_have_text(["Oppgjort", "Oppgjort"])
    nytt = Behandlerkrav.objects.get(korrigerer=krav)
    assert nytt.status == KravStatus.OPPGJORT
    assert nytt.linjer.get().status == LinjeStatus.BETALT
    assert scroll_width(page) <= 360
