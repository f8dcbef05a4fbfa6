"""A nurse logs in, finds a patient while typing and opens the record: desktop, phone, keyboard."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg
from journal.models import Pasient
from tests.browser.conftest import UNIT_NAME, login, screenshot, scroll_width

PHONE_WIDTH = 360


def _formatted(pasient: Pasient) -> str:
    return f"{pasient.identifikator[:6]} {pasient.identifikator[6:]}"


def _mark_document(page: Page) -> None:
    """Tag the loaded document; the tag survives HTMX swaps but not a page load."""
    page.evaluate("window.__sammeDokument = true")


def _same_document(page: Page) -> bool:
    same: bool = page.evaluate("window.__sammeDokument === true")
    return same


def test_nurse_finds_kari_oestby_while_typing_and_opens_her_record(
    page: Page, sykepleier: Ansatt, kari_ostby: Pasient
) -> None:
    # given
    page.goto("/logg-inn/")
    login(page, sykepleier.username)
    expect(page).to_have_url(re.compile(r"/pasienter/$"))
    expect(page.get_by_test_id("acting-unit")).to_contain_text(UNIT_NAME)
    _mark_document(page)

    # when: types without accents and never presses Enter
    page.locator("#sok").press_sequentially("ostby", delay=40)
    treff = page.get_by_test_id("sokeresultat").get_by_role("link")

    # then: the hit appears in the same page (search-as-you-type, no form submit)
    expect(page).to_have_url(re.compile(r"\?sok=ostby$"))
    expect(treff).to_have_count(1)
    expect(treff).to_contain_text("Østby, Kari")
    expect(treff).to_contain_text(_formatted(kari_ostby))
    assert _same_document(page)

    # when
    treff.click()

    # then
    expect(page).to_have_url(re.compile(rf"/pasienter/{kari_ostby.pk}/$"))
    banner = page.get_by_test_id("pasientbanner")
    expect(banner.get_by_role("heading", level=1)).to_have_text("Kari Østby")
    expect(banner.get_by_test_id("banner-identifikator")).to_contain_text(_formatted(kari_ostby))
    expect(page.get_by_test_id("acting-unit")).to_contain_text(UNIT_NAME)
    screenshot(page, "pasient_side.png")
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.PASIENT_READ, pasient_id=kari_ostby.pk, aktor_id=sykepleier.pk
    ).exists()


def test_on_a_phone_search_and_patient_page_fit_the_screen(
    phone_page: Page, sykepleier: Ansatt, kari_ostby: Pasient
) -> None:
    # given
    page = phone_page
    page.goto("/logg-inn/")
    assert scroll_width(page) <= PHONE_WIDTH
    login(page, sykepleier.username)
    expect(page).to_have_url(re.compile(r"/pasienter/$"))
    expect(page.get_by_test_id("acting-unit")).to_contain_text(UNIT_NAME)

    # when
    page.locator("#sok").press_sequentially("ostby", delay=40)
    treff = page.get_by_test_id("sokeresultat").get_by_role("link")
    expect(page).to_have_url(re.compile(r"\?sok=ostby$"))
    expect(treff).to_have_count(1)

    # then: no sideways scrolling on the search page with a hit shown
    assert scroll_width(page) <= PHONE_WIDTH
    screenshot(page, "mobil_sok.png")

    # when
    treff.tap()

    # then
    banner = page.get_by_test_id("pasientbanner")
    expect(banner.get_by_role("heading", level=1)).to_have_text("Kari Østby")
    expect(banner.get_by_test_id("banner-identifikator")).to_contain_text(_formatted(kari_ostby))
    assert scroll_width(page) <= PHONE_WIDTH
    screenshot(page, "mobil_pasient.png")


def test_keyboard_only_search_tab_to_the_hit_and_open_it_with_enter(
    page: Page, sykepleier: Ansatt, pasienter: list[Pasient]
) -> None:
    # given
    hansen = next(p for p in pasienter if p.etternavn == "Hansen")
    page.goto("/logg-inn/")
    login(page, sykepleier.username)
    sok = page.locator("#sok")
    expect(sok).to_be_focused()

    # when: types straight away (the field has focus), then tabs on
    page.keyboard.type("hansen", delay=40)
    treff = page.get_by_test_id("sokeresultat").get_by_role("link")
    expect(page).to_have_url(re.compile(r"\?sok=hansen$"))
    expect(treff).to_have_count(1)
    page.keyboard.press("Tab")

    # then: Tab leaves the field for the search button
    expect(page.get_by_role("button", name="Søk")).to_be_focused()

    # when: tabs on to the hit (past the "register new patient" link) and presses Enter
    for _ in range(5):
        if treff.evaluate("link => link === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(treff).to_be_focused()
    page.keyboard.press("Enter")

    # then
    expect(page).to_have_url(re.compile(rf"/pasienter/{hansen.pk}/$"))
    expect(page.get_by_test_id("pasientbanner").get_by_role("heading", level=1)).to_have_text(
        "Ola Hansen"
    )
