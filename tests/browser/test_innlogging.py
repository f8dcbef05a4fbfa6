"""Login errors and lockout, choosing a unit, logging out — as the user sees it in the browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from core.models import Ansatt, Enhet, EnhetType
from tests.browser.conftest import UNIT_NAME, login, make, submit_and_wait
from tests.factories import PASSWORD, AnsattFactory, EnhetFactory, TilknytningFactory

LOGIN_URL = re.compile(r"/logg-inn/$")
SEARCH_URL = re.compile(r"/pasienter/$")
WRONG = "Feil brukernavn eller passord."


def test_wrong_password_shows_a_norwegian_error_and_stays_on_the_login_page(
    page: Page, sykepleier: Ansatt
) -> None:
    # given
    page.goto("/logg-inn/")

    # when
    login(page, sykepleier.username, "feil-passord")

    # then
    expect(page.get_by_test_id("login-error")).to_have_text(WRONG)
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("heading", name="Logg inn")).to_be_visible()
    expect(page.get_by_role("button", name="Logg ut")).to_have_count(0)


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(
    page: Page, sykepleier: Ansatt
) -> None:
    # given
    page.goto("/logg-inn/")
    error = page.get_by_test_id("login-error")
    for _ in range(4):
        login(page, sykepleier.username, "feil-passord")
        expect(error).to_have_text(WRONG)

    # when: the fifth wrong password
    login(page, sykepleier.username, "feil-passord")

    # then
    expect(error).to_contain_text("låst")

    # when: the right password
    login(page, sykepleier.username, PASSWORD)

    # then: still refused
    expect(error).to_contain_text("låst")
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_test_id("acting-unit")).to_have_count(0)
    page.goto("/pasienter/")
    expect(page).to_have_url(re.compile(r"/logg-inn/\?next="))


def test_user_with_two_units_picks_one_and_sees_it_in_the_header(page: Page, enhet: Enhet) -> None:
    # given
    ansatt: Ansatt = make(AnsattFactory, username="spl-to-enheter")
    sykehjem: Enhet = make(
        EnhetFactory, navn="Sykehjemmet avdeling 2", type=EnhetType.SYKEHJEMSAVDELING
    )
    make(TilknytningFactory, ansatt=ansatt, enhet=enhet)
    make(TilknytningFactory, ansatt=ansatt, enhet=sykehjem)
    page.goto("/logg-inn/")

    # when
    login(page, "spl-to-enheter")

    # then: asked which unit, none chosen yet
    expect(page).to_have_url(re.compile(r"/enhet/$"))
    expect(page.get_by_role("heading", name="Hvilken enhet jobber du i nå?")).to_be_visible()
    expect(page.locator("button[name=enhet]")).to_have_count(2)
    expect(page.get_by_test_id("acting-unit")).to_have_count(0)

    # when
    submit_and_wait(page, page.get_by_role("button", name=re.compile("Sykehjemmet avdeling 2")))

    # then
    expect(page).to_have_url(SEARCH_URL)
    expect(page.get_by_test_id("acting-unit")).to_contain_text("Sykehjemmet avdeling 2")
    expect(page.get_by_test_id("acting-unit")).not_to_contain_text(UNIT_NAME)


def test_logout_returns_to_login_and_patient_search_then_asks_for_login_again(
    page: Page, sykepleier: Ansatt
) -> None:
    # given
    page.goto("/logg-inn/")
    login(page, sykepleier.username)
    expect(page).to_have_url(SEARCH_URL)

    # when
    submit_and_wait(page, page.get_by_role("button", name="Logg ut"))

    # then
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("button", name="Logg ut")).to_have_count(0)
    expect(page.get_by_test_id("acting-unit")).to_have_count(0)

    # when
    page.goto("/pasienter/")

    # then
    expect(page).to_have_url(re.compile(r"/logg-inn/\?next=%2Fpasienter%2F$"))
    expect(page.get_by_role("status")).to_contain_text("Logg inn for å fortsette")
    expect(page.locator("input[name=password]")).to_be_visible()
