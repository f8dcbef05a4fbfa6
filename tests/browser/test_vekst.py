"""Growth on a 360 px phone: from the child's page the nurse opens the growth charts,
records weight, length and head circumference at the 12-month consultation and sees the
points on the three WHO centile charts; a weight of 0 kg is refused next to the field."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from core.models import Ansatt
from journal.models import Pasient
from tests.browser.conftest import login, screenshot, scroll_width, submit_and_wait
from tests.browser.test_helsestasjon import nurse_and_child

PHONE_WIDTH = 360

__all__ = ["nurse_and_child"]


def test_nurse_records_growth_and_sees_it_on_the_centile_charts(
    phone_page: Page, nurse_and_child: tuple[Ansatt, Pasient]
) -> None:
    page = phone_page
    nurse, barn = nurse_and_child
    # given the child's page
    login(page, nurse.username)
    page.goto(
        f"{page.url.split('/', 3)[0]}//{page.url.split('/', 3)[2]}/helsestasjon/barn/{barn.pk}/"
    )
    page.get_by_test_id("vekst-lenke").click()
    expect(page.get_by_test_id("vekstkurve")).to_have_count(3)
    expect(page.get_by_test_id("vekstpunkt")).to_have_count(0)

    # when a weight of 0 kg is typed
    skjema = page.get_by_test_id("vekst-skjema")
    skjema.get_by_label("Vekt (kg)").fill("0")
    submit_and_wait(page, skjema.get_by_role("button", name="Lagre målingen"))
    # then the message stands next to the field, with what was typed
    expect(page.get_by_test_id("vekst-skjema")).to_contain_text("Vekten 0 kg er ikke mulig")
    expect(page.get_by_test_id("vekst-skjema").get_by_label("Vekt (kg)")).to_have_value("0")

    # when the real values are recorded
    skjema = page.get_by_test_id("vekst-skjema")
    skjema.get_by_label("Vekt (kg)").fill("9,1")
    skjema.get_by_label("Lengde/høyde (cm)").fill("74,2")
    skjema.get_by_label("Hodeomkrets (cm)").fill("45,0")
    submit_and_wait(page, skjema.get_by_role("button", name="Lagre målingen"))
    # then one point on each chart, and the row in the list
    expect(page.locator(".messages")).to_contain_text("Målingen er registrert")
    expect(page.get_by_test_id("vekstpunkt")).to_have_count(3)
    expect(page.get_by_test_id("vekstmaaling-rad")).to_have_count(1)
    expect(page.get_by_test_id("vekstmaaling-rad")).to_contain_text("9,100")
    assert scroll_width(page) <= PHONE_WIDTH
    screenshot(page, "helsestasjon-vekst-360.png")
