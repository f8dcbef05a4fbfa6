"""Medication in the browser: the doctor orders a weekly methotrexate and is stopped when
trying it daily, orders paracetamol as needed, and orders a drug that interacts with an
existing order (warning, override with a written reason)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from core.models import Ansatt, Enhet, EnhetType
from journal.models import Pasient
from legemidler.models import Forordning, Legemiddel
from legemidler.services import katalog_demo_load
from tests.browser.conftest import login, make, screenshot, submit_and_wait
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory
from tests.legemidler.factories import ForordningFactory

WARD = "Solsiden avdeling 1"


@pytest.fixture
def avdeling(_seed_data: None) -> Enhet:
    unit: Enhet = make(EnhetFactory, navn=WARD, type=EnhetType.SYKEHJEMSAVDELING)
    return unit


@pytest.fixture
def tilsynslege(avdeling: Enhet) -> Ansatt:
    return actor(
        avdeling,
        "lege",
        username="tilsynslege",
        helsepersonellkategori="LE",
        first_name="Lars",
        last_name="Lege",
    )


@pytest.fixture
def beboer(avdeling: Enhet, tilsynslege: Ansatt) -> Pasient:
    """A resident already on warfarin, with the demo catalogue loaded."""
    katalog_demo_load()
    pasient: Pasient = make(
        PasientFactory, fornavn="Olga", etternavn="Beboer", relasjon_til=avdeling
    )
    make(
        ForordningFactory,
        pasient=pasient,
        enhet=avdeling,
        legemiddel=Legemiddel.objects.get(varenavn="Marevan"),
        ordinert_av=tilsynslege,
        indikasjon="Atrieflimmer",
    )
    return pasient


def _open_order_form(page: Page, pasient: Pasient) -> None:
    page.goto(f"/legemidler/pasient/{pasient.pk}/")
    submit_and_wait(page, page.get_by_test_id("ordiner"))
    expect(page.get_by_role("heading", name="Ordiner legemiddel")).to_be_visible()


def _choose(page: Page, varenavn: str) -> None:
    navn = Legemiddel.objects.get(varenavn=varenavn).navn_form_styrke
    page.get_by_label("Legemiddel *").select_option(label=navn)


def test_doctor_orders_weekly_methotrexate_prn_paracetamol_and_overrides_an_interaction(
    page: Page, tilsynslege: Ansatt, beboer: Pasient
) -> None:
    login(page, "tilsynslege")

    # 1. Methotrexate daily: stopped with the reason, nothing ordered
    _open_order_form(page, beboer)
    _choose(page, "Metotreksat")
    page.get_by_label("Klokkeslett 1").fill("08:00")
    page.get_by_label("Dose 1").fill("4")
    page.get_by_label("Indikasjon").fill("Revmatoid artritt")
    submit_and_wait(page, page.get_by_test_id("lagre"))
    expect(page.get_by_test_id("kontroll-ukentlig")).to_contain_text("én gang i uken")
    expect(page.get_by_label("Indikasjon")).to_have_value("Revmatoid artritt")
    screenshot(page, "legemidler-metotreksat-daglig-stoppet.png")
    assert not Forordning.objects.filter(atc="L04AX03").exists()

    # ... made weekly (Monday): ordered
    page.get_by_label("man", exact=True).check()
    submit_and_wait(page, page.get_by_test_id("lagre"))
    expect(page.locator(".messages")).to_contain_text("er ordinert")
    expect(page.get_by_test_id("faste")).to_contain_text("én gang i uken, mandag")

    # 2. Paracetamol as needed with its limits
    _open_order_form(page, beboer)
    _choose(page, "Paracet")
    page.get_by_label("Ved behov", exact=True).check()
    page.get_by_label("Ved behov: dose").fill("2")
    page.get_by_label("Ved behov: maks per døgn").fill("6")
    page.get_by_label("Ved behov: minst timer mellom doser").fill("4")
    page.get_by_label("Indikasjon").fill("Smerter")
    submit_and_wait(page, page.get_by_test_id("lagre"))
    expect(page.get_by_test_id("behov")).to_contain_text(
        "Ved behov 2 tablett, maks 6 tablett per døgn, minst 4 timer mellom"
    )

    # 3. Ibuprofen while on warfarin: the interaction, then an override with a reason
    _open_order_form(page, beboer)
    _choose(page, "Ibux")
    page.get_by_label("Klokkeslett 1").fill("08:00")
    page.get_by_label("Dose 1").fill("1")
    page.get_by_label("Indikasjon").fill("Akutt urinsyregikt")
    submit_and_wait(page, page.get_by_test_id("lagre"))
    expect(page.get_by_test_id("kontroll-interaksjon")).to_contain_text("Bør unngås")
    page.get_by_label("Begrunnelse for å overstyre: Interaksjon").fill(
        "Kort kur, INR måles to ganger i uken"
    )
    submit_and_wait(page, page.get_by_test_id("lagre"))
    expect(page.get_by_test_id("faste")).to_contain_text("Ibux tab 400 mg")
    ibux = Forordning.objects.get(atc="M01AE01")
    assert ibux.overstyringer.get().begrunnelse == "Kort kur, INR måles to ganger i uken"
    screenshot(page, "legemidler-liste.png")
