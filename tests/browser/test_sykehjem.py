"""Nursing home on a 360 px phone: the ward leader admits a patient from the waiting list
to a free bed and sees the occupancy board change."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from core.context import system_context
from core.klokke import idag
from core.models import Ansatt, Enhet, EnhetType
from journal.lib.timeplan import Timeplan
from journal.models import Frekvens, Pasient
from journal.services.tiltaksplan import tiltak_add, tiltaksplan_create
from tests.acting import acting_as
from tests.browser.conftest import (
    login,
    make,
    menu_open,
    screenshot,
    scroll_width,
    submit_and_wait,
)
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory
from tjenester.sykehjem.models import Oppholdstype, Rom, Seng, Sengetype
from tjenester.sykehjem.services import opphold_create, venteliste_create

PHONE_WIDTH = 360
WARD = "Solsiden avdeling 1"


@pytest.fixture
def avdeling(_seed_data: None) -> Enhet:
    unit: Enhet = make(EnhetFactory, navn=WARD, type=EnhetType.SYKEHJEMSAVDELING)
    return unit


@pytest.fixture
def lang_avdeling(avdeling: Enhet) -> Enhet:
    """A second ward of the municipality with a long name, as in the demo."""
    unit: Enhet = make(
        EnhetFactory,
        navn="Kongsvinger sykehjem, avdeling 2 (skjermet enhet for personer med demens)",
        type=EnhetType.SYKEHJEMSAVDELING,
        virksomhet=avdeling.virksomhet,
    )
    return unit


def table_overflow(page: Page) -> int:
    """How far the widest table on the page sticks out of its scroll box (0 = fits)."""
    overflow: int = page.evaluate(
        "Math.max(0, ...Array.from(document.querySelectorAll('.table-wrap'),"
        " (e) => e.scrollWidth - e.clientWidth))"
    )
    return overflow


@pytest.fixture
def avdelingsleder(avdeling: Enhet) -> Ansatt:
    return actor(avdeling, "leder", username="avd-leder", first_name="Ane", last_name="Leder")


@pytest.fixture
def ventende(avdeling: Enhet) -> Pasient:
    """Astrid Venter, with a decision (care relationship) and on the ward's waiting list;
    two beds, one taken by someone else already."""
    rom = Rom.objects.create(enhet=avdeling, navn="101")
    for navn in ("A", "B"):
        Seng.objects.create(rom=rom, enhet=avdeling, navn=navn, type=Sengetype.LANGTID)
    pasient: Pasient = make(
        PasientFactory, fornavn="Astrid", etternavn="Venter", relasjon_til=avdeling
    )
    with system_context():
        venteliste_create(actor=None, pasient_id=pasient.pk, enhet_id=avdeling.pk, prioritet=1)
    return pasient


def test_leader_admits_from_the_waiting_list_on_a_phone(
    phone_page: Page, avdelingsleder: Ansatt, ventende: Pasient, lang_avdeling: Enhet
) -> None:
    page = phone_page
    # given: the board shows two free beds
    page.goto("/logg-inn/")
    login(page, avdelingsleder.username)
    page.goto("/sykehjem/belegg/")
    expect(page.get_by_test_id("sum-ledig")).to_have_text("2")
    expect(page.get_by_test_id("sum-belagt")).to_have_text("0")
    # the per-ward table fits a 360 px phone, "Reservert" and all, with no sideways scroll
    expect(page.get_by_test_id("avdeling-rad")).to_have_count(2)
    expect(page.get_by_test_id("belegg-tabell")).to_contain_text("Reservert")
    assert table_overflow(page) == 0
    assert scroll_width(page) <= PHONE_WIDTH
    # when: she opens the waiting list and admits Astrid Venter to bed 101 B
    submit_and_wait(page, page.get_by_role("link", name="Venteliste"))
    rad = page.get_by_test_id("venteliste-rad").filter(has_text="Astrid Venter")
    expect(rad).to_contain_text("prioritet høy")
    submit_and_wait(page, rad.get_by_role("link", name="Legg inn"))
    expect(page.get_by_label("Fra ventelisten")).to_have_value(re.compile(r"^[0-9a-f-]{36}$"))
    page.get_by_label("Seng").select_option(label="101 B (Langtid)")
    page.get_by_label("Type opphold").select_option(label="Langtidsopphold")
    assert scroll_width(page) <= PHONE_WIDTH
    submit_and_wait(page, page.get_by_role("button", name="Lagre"))
    # then: back on the board, one bed fewer free and Astrid in 101 B
    expect(page).to_have_url(re.compile(r"/sykehjem/belegg/$"))
    expect(page.get_by_role("listitem").filter(has_text="er lagt inn")).to_be_visible()
    expect(page.get_by_test_id("sum-ledig")).to_have_text("1")
    expect(page.get_by_test_id("sum-belagt")).to_have_text("1")
    seng = page.get_by_test_id("seng").filter(has_text="101 B")
    expect(seng).to_have_attribute("data-status", "belagt")
    expect(seng).to_contain_text("Astrid Venter")
    assert scroll_width(page) <= PHONE_WIDTH
    screenshot(page, "sykehjem-belegg-telefon.png")
    # and the waiting list is empty
    submit_and_wait(page, page.get_by_role("link", name="Venteliste"))
    expect(page.get_by_test_id("venteliste-rad")).to_have_count(0)


@pytest.fixture
def sykepleier(avdeling: Enhet) -> Ansatt:
    return actor(avdeling, "sykepleier", username="avd-spl", first_name="Siri", last_name="Pleier")


@pytest.fixture
def beboer_med_plan(avdeling: Enhet, sykepleier: Ansatt) -> Pasient:
    """Olga Beboer in 101 A with two ward tiltak at 08:00 on her care plan."""
    rom = Rom.objects.create(enhet=avdeling, navn="101")
    seng = Seng.objects.create(rom=rom, enhet=avdeling, navn="A", type=Sengetype.LANGTID)
    pasient: Pasient = make(PasientFactory, fornavn="Olga", etternavn="Beboer")
    with system_context():
        opphold_create(
            actor=None,
            seng_id=seng.pk,
            pasient_id=pasient.pk,
            type=Oppholdstype.LANGTID,
            fra=idag() - dt.timedelta(days=10),
        )
    with acting_as(sykepleier):
        plan = tiltaksplan_create(actor=sykepleier, pasient_id=pasient.pk)
        for tekst in ("Tilby drikke", "Gi legemidler fra multidose"):
            tiltak_add(
                actor=sykepleier,
                pasient_id=pasient.pk,
                plan_id=plan.pk,
                tekst=tekst,
                ansvarlig_enhet_id=avdeling.pk,
                timeplan=Timeplan(frekvens=Frekvens.DAGLIG, tidspunkter=(dt.time(8),)),
                start_dato=idag() - dt.timedelta(days=1),
            )
    return pasient


def test_nurse_ticks_tasks_on_the_ward_list_on_a_phone(
    phone_page: Page, sykepleier: Ansatt, beboer_med_plan: Pasient
) -> None:
    page = phone_page
    # given: the nurse opens the ward's task list from the main menu
    page.goto("/logg-inn/")
    login(page, sykepleier.username)
    menu_open(page)
    submit_and_wait(page, page.get_by_role("link", name="Sykehjem", exact=True))
    submit_and_wait(page, page.get_by_role("link", name="Oppgaver", exact=True))
    expect(page.get_by_test_id("oppgaver-status")).to_have_text("0 av 2 kvittert")
    morgen = page.get_by_test_id("periode").filter(has_text="Morgen")
    expect(morgen).to_contain_text("Olga Beboer")
    expect(morgen).to_contain_text("rom 101 A")
    assert scroll_width(page) <= PHONE_WIDTH
    drikke = page.get_by_test_id("oppgave").filter(has_text="Tilby drikke")
    knapp = drikke.get_by_role("button", name="Utført")
    assert knapp.bounding_box()["height"] >= 44  # type: ignore[index]
    # when: she ticks "Tilby drikke" done (HTMX swaps the row in place)
    knapp.click()
    # then
    expect(drikke.get_by_test_id("kvittering")).to_contain_text("Utført")
    expect(drikke.get_by_test_id("kvittering")).to_contain_text("Siri Pleier")
    # when: the medicine was not given; the reason is required, by keyboard alone
    medisin = page.get_by_test_id("oppgave").filter(has_text="Gi legemidler")
    medisin.locator("summary").focus()
    page.keyboard.press("Enter")
    medisin.get_by_role("button", name="Lagre ikke utført").click()
    expect(medisin.get_by_test_id("kvittering")).to_have_count(0)  # the browser asks first
    medisin.get_by_label("Hvorfor ikke utført?").fill("Sov, gis ved frokost")
    page.keyboard.press("Enter")
    # then
    expect(medisin.get_by_test_id("kvittering")).to_contain_text(
        "Ikke utført: Sov, gis ved frokost"
    )
    assert scroll_width(page) <= PHONE_WIDTH
    screenshot(page, "sykehjem-oppgaver-telefon.png")
    # and after a reload both ticks are there
    page.reload()
    expect(page.get_by_test_id("oppgaver-status")).to_have_text("2 av 2 kvittert")
