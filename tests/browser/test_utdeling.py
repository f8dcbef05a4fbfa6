"""Medication on a tablet and a phone: a nurse gives the 08:00 round of a nursing-home ward
(one dose refused, one morphine dose double-signed by a second nurse), signs the doses of a
home visit on a phone, and the missed-dose list shows a dispenser event and a dose nobody
signed, closed with what was done. The chart shows it all."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Locator, Page, expect

from core.context import system_context
from core.models import EnhetType
from legemidler.models import Administrasjon
from legemidler.services import dosevarsel_dispenser_register, dosevarsel_sweep
from tests.browser.conftest import NewPage, login, make, screenshot
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory
from tests.legemidler.factories import ForordningFactory, fast_dosering
from tests.legemidler.utdeling.conftest import DAG, Avdeling, avdeling_build, klokke_til, oslo
from tests.tjenester.hjemmetjeneste.factories import BesoekFactory

TABLET = {"viewport": {"width": 1024, "height": 768}, "has_touch": True}


@pytest.fixture
def avd(_seed_data: None) -> Avdeling:
    klokke_til(oslo(DAG, "08:20"))
    return avdeling_build()


def _dose(page: Page, pasient: str, legemiddel: str) -> Locator:
    return (
        page.get_by_test_id("pasient")
        .filter(has_text=pasient)
        .get_by_test_id("dose")
        .filter(has_text=legemiddel)
    )


def test_the_morning_round_on_a_tablet(new_page: NewPage, avd: Avdeling) -> None:
    page = new_page(**TABLET)
    login(page, "spl_a")
    page.get_by_role("link", name="Utdeling").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Utdeling: Morgen 10.03.2026")
    expect(page.get_by_test_id("runde-status")).to_have_text("0 av 3 doser signert")
    # Kari's paracetamol given
    _dose(page, "Kari Berg", "Paracet").get_by_test_id("gitt").click()
    expect(page.get_by_test_id("runde-status")).to_have_text("1 av 3 doser signert")
    # Ola refuses his 09:00 dose
    ola = _dose(page, "Ola Dal", "Paracet")
    ola.get_by_test_id("ikke-gitt").click()
    ola.get_by_label("Hvorfor?").select_option("nektet")
    ola.get_by_test_id("lagre-ikke-gitt").click()
    expect(_dose(page, "Ola Dal", "Paracet")).to_have_attribute("data-status", "ikke_gitt")
    # Kari's morphine: given, waits for a second nurse
    _dose(page, "Kari Berg", "Morfin").get_by_test_id("gitt").click()
    morfin = _dose(page, "Kari Berg", "Morfin")
    expect(morfin).to_have_attribute("data-status", "venter_kontroll")
    expect(morfin.get_by_test_id("kontrollsigner")).to_have_count(0)
    screenshot(page, "legemidler-runde-tablett.png")
    # a second nurse signs the check on her own login
    page2 = new_page(**TABLET)
    login(page2, "spl_b")
    page2.goto("/legemidler/utdeling/")
    _dose(page2, "Kari Berg", "Morfin").get_by_test_id("kontrollsigner").click()
    expect(_dose(page2, "Kari Berg", "Morfin")).to_have_attribute("data-status", "gitt")
    expect(_dose(page2, "Kari Berg", "Morfin")).to_contain_text("kontrollert av Per Pleier")
    morfin_adm = Administrasjon.objects.get(forordning=avd.morfin)
    assert (morfin_adm.signert_av, morfin_adm.kontrollert_av) == (avd.spl1, avd.spl2)
    # the chart shows the morning
    page2.goto(f"/legemidler/pasient/{avd.kari.pk}/kurve/")
    expect(page2.get_by_test_id("kurverad")).to_have_count(2)
    expect(page2.get_by_test_id("kurve")).to_contain_text("✓")
    # the missed-dose list: a dispenser event and the doses nobody signed
    with system_context():
        dosevarsel_dispenser_register(
            pasient_id=avd.ola.pk,
            enhet_id=avd.avdeling.pk,
            tidspunkt=oslo(DAG, "08:40"),
            hendelse_ref="dispenser-1",
            tekst="Medisin ikke tatt",
        )
        klokke_til(oslo(DAG, "09:30"))
        assert dosevarsel_sweep(enhet_ids=[avd.avdeling.pk]) >= 1
    page2.get_by_role("link", name="Utdeling").first.click()
    page2.get_by_role("link", name="Glemte doser").click()
    expect(
        page2.get_by_test_id("dosevarsel").and_(page2.locator("[data-kilde=dosettautomat]"))
    ).to_have_count(1)
    expect(page2.locator("[data-kilde=ikke_signert]").first).to_be_visible()
    dispenser = page2.locator("[data-kilde=dosettautomat]")
    dispenser.get_by_label("Hva ble gjort?").fill("Ringte Ola; dosen tatt 09:35")
    dispenser.get_by_test_id("lukk").click()
    expect(page2.locator("[data-kilde=dosettautomat]")).to_have_count(0)
    screenshot(page2, "legemidler-glemte-doser.png")


@pytest.mark.usefixtures("_seed_data")
def test_home_care_nurse_signs_a_visits_doses_on_a_phone(new_page: NewPage) -> None:
    klokke_til(oslo(DAG, "08:10"))
    sone = make(EnhetFactory, navn="Sone nord", type=EnhetType.HJEMMETJENESTE_SONE)
    spl = actor(sone, "sykepleier", username="spl_h", first_name="Hanne", last_name="Hjem")
    per = make(PasientFactory, fornavn="Per", etternavn="Hjemme", relasjon_til=sone)
    ForordningFactory(
        pasient=per,
        enhet=sone,
        start=oslo(DAG - dt.timedelta(days=3), "07:00"),
        dosering=fast_dosering(("08:00", "1"), ("20:00", "1")),
    )
    besok = make(
        BesoekFactory,
        enhet=sone,
        pasient=per,
        ansatt=spl,
        dato=DAG,
        fra_tid=dt.time(7, 30),
        til_tid=dt.time(9),
    )
    page = new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    login(page, "spl_h")
    page.goto(f"/hjemmetjeneste/mine-besok/?dato={DAG.isoformat()}")
    expect(page.get_by_test_id("medisin")).to_have_count(1)
    page.goto(f"/hjemmetjeneste/besok/{besok.pk}/")
    doser = page.get_by_test_id("besoek-doser")
    doser.get_by_test_id("gitt").click()
    expect(page.get_by_test_id("besoek-doser").get_by_test_id("dose")).to_have_attribute(
        "data-status", "gitt"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "legemidler-besok-telefon.png")
