"""Care plan end to end: a nurse creates a plan with a problem, a goal and a tiltak
scheduled Mon/Wed/Fri 08:00, sees it in words on the plan page and on the overview; the
plan page fits a 360 px wide phone."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from core.models import Ansatt
from journal.models import Pasient, Tiltak
from tests.browser.conftest import login, screenshot, scroll_width, submit_and_wait

SCHEDULE = "Man, ons, fre kl. 08:00, 20 min"


def test_nurse_creates_a_plan_and_sees_it_on_the_overview(
    phone_page: Page, sykepleier: Ansatt, kari_ostby: Pasient
) -> None:
    page = phone_page
    # given
    page.goto("/logg-inn/")
    login(page, sykepleier.username)
    expect(page).to_have_url(re.compile(r"/pasienter/$"))
    page.goto(f"/pasienter/{kari_ostby.pk}/oversikt/")
    submit_and_wait(
        page,
        page.get_by_role("navigation", name="Journalen").get_by_role("link", name="Tiltaksplan"),
    )
    expect(page.get_by_test_id("ingen-plan")).to_be_visible()

    # when: creates the plan
    submit_and_wait(page, page.get_by_role("button", name="Opprett tiltaksplan"))
    expect(page.locator(".messages")).to_contain_text("Tiltaksplanen er opprettet.")

    # and adds a problem
    page.get_by_text("Nytt problem/behov").click()
    page.get_by_test_id("behov-ny").get_by_label("Problem/behov").fill("Nedsatt væskeinntak")
    submit_and_wait(page, page.get_by_role("button", name="Legg til problem"))
    expect(page.get_by_test_id("behov")).to_contain_text("Nedsatt væskeinntak")

    # and a goal
    page.get_by_text("Nytt mål", exact=True).click()
    page.get_by_label("Mål", exact=True).fill("Drikker 1,5 liter om dagen")
    submit_and_wait(page, page.get_by_role("button", name="Legg til mål"))
    expect(page.get_by_test_id("maal")).to_contain_text("Drikker 1,5 liter om dagen")

    # and a tiltak Mon/Wed/Fri 08:00 (keyboard for the weekdays)
    page.get_by_text("Nytt tiltak", exact=True).click()
    form = page.get_by_test_id("tiltak-ny")
    form.get_by_label("Problem/behov").select_option(label="Nedsatt væskeinntak")
    form.get_by_label("Tiltak *", exact=True).fill("Tilby drikke og før drikkeliste")
    form.get_by_label("Faste ukedager, hver N. uke").check()
    for day in ("Mandag", "Onsdag", "Fredag"):
        form.get_by_label(day).focus()
        page.keyboard.press("Space")
    form.get_by_label("Klokkeslett").fill("08:00")
    form.get_by_label("Varighet (minutter)").fill("20")
    screenshot(page, "tiltaksplan-skjema-telefon.png")
    submit_and_wait(page, form.get_by_role("button", name="Legg til tiltak"))

    # then: the plan page shows it in words, and the page fits the phone
    expect(page.locator(".messages")).to_contain_text("Tiltaket er lagt til.")
    tiltak = page.get_by_test_id("tiltak")
    expect(tiltak).to_contain_text("Tilby drikke og før drikkeliste")
    expect(tiltak.get_by_test_id("timeplan")).to_have_text(SCHEDULE)
    expect(tiltak).to_contain_text("Hjemmetjenesten sone nord")
    assert scroll_width(page) <= 360
    screenshot(page, "tiltaksplan-telefon.png")
    stored = Tiltak.objects.get(pasient=kari_ostby)
    assert (stored.ukedager, [f"{t:%H:%M}" for t in stored.tidspunkter]) == ([1, 3, 5], ["08:00"])

    # and the overview shows the active plan
    submit_and_wait(
        page, page.get_by_role("navigation", name="Journalen").get_by_role("link", name="Oversikt")
    )
    plan = page.get_by_test_id("oversikt-plan")
    expect(plan).to_contain_text("Nedsatt væskeinntak")
    expect(plan).to_contain_text("Drikker 1,5 liter om dagen")
    screenshot(page, "tiltaksplan-oversikt.png")
