"""Phone first (360 × 740): the header leaves the screen to the work, "Mine besøk" reads in
time order with done visits apart and CAVE / "ikke HLR" marked, every control is big enough to
tap (WCAG 2.2 2.5.8: 24 × 24 px; primary actions 44 px), and typed text survives errors.

Screenshots of the visit list, a visit with NEWS2 7 and the phone header go to
test-artifacts/ (docs/skjermbilder/ keeps the before/after pairs)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from core.klokke import idag
from core.models import Ansatt, Enhet
from journal.models import KritiskInformasjon, Pasient
from tests.browser.conftest import login, make, screenshot, submit_and_wait
from tests.tjenester.hjemmetjeneste.factories import BesokFactory, BesoksoppgaveFactory
from tjenester.hjemmetjeneste.models import Besok, BesokStatus

PHONE_HEIGHT = 740
HEADER_MAX = PHONE_HEIGHT * 0.15  # 111 px
# respiration 22 → 2, SpO2 95 on oxygen → 1 + 2, systolic 105 → 1, pulse 95 → 1: NEWS2 7
NEWS2_7 = {"systolisk": "105", "puls": "95", "respirasjon": "22", "spo2": "95", "temperatur": "37,0"}


@pytest.fixture
def dagens_besok(enhet: Enhet, sykepleier: Ansatt, pasienter: list[Pasient]) -> list[Besok]:
    """Four visits today, planned out of time order on the route; one already done.
    Kari has a penicillin allergy (CAVE) and Ola a decision not to resuscitate."""
    kari, nordmann, ola, per = pasienter
    KritiskInformasjon.objects.create(
        pasient=kari,
        enhet=enhet,
        type="allergi",
        tittel="Penicillin",
        alvorlighet="livstruende",
        registrert_av=sykepleier,
    )
    KritiskInformasjon.objects.create(
        pasient=ola,
        enhet=enhet,
        type="beslutning",
        tittel="Ikke HLR",
        besluttet_av="Lege Lise",
        registrert_av=sykepleier,
    )
    plan = [
        (kari, dt.time(11, 0), 1, BesokStatus.PLANLAGT),
        (ola, dt.time(7, 30), 2, BesokStatus.PLANLAGT),
        (nordmann, dt.time(7, 15), 3, BesokStatus.PLANLAGT),
        (per, dt.time(6, 45), 4, BesokStatus.UTFORT),
    ]
    besok = []
    for pasient, fra, rekkefolge, status in plan:
        b = make(
            BesokFactory,
            enhet=enhet,
            pasient=pasient,
            ansatt=sykepleier,
            dato=idag(),
            fra_tid=fra,
            til_tid=(dt.datetime.combine(idag(), fra) + dt.timedelta(minutes=30)).time(),
            rekkefolge=rekkefolge,
            status=status,
        )
        make(BesoksoppgaveFactory, besok=b, tekst="Gi morgenmedisin")
        besok.append(b)
    return besok


def vitals_news2_7_enter(page: Page) -> None:
    """From a visit: the journal's vitals form with values giving NEWS2 7, back to the visit."""
    page.get_by_role("link", name="Registrer målinger (NEWS2)").click()
    skjema = page.get_by_test_id("maling-skjema")
    for name, value in NEWS2_7.items():
        skjema.locator(f"input[name={name}]").fill(value)
    skjema.get_by_label("Oksygen", exact=True).check()
    skjema.get_by_label("Våken (A)").check()
    submit_and_wait(page, page.get_by_role("button", name="Lagre målingen"))
    expect(page.locator(".messages")).to_contain_text("NEWS2: 7")


def test_screenshots_of_the_visit_list_a_visit_with_news2_7_and_the_header(
    phone_page: Page, sykepleier: Ansatt, dagens_besok: list[Besok]
) -> None:
    page = phone_page
    login(page, "spl-nord")
    page.goto("/hjemmetjeneste/mine-besok/")
    expect(page.get_by_test_id("besok-rad").first).to_be_visible()
    screenshot(page, "telefon-mine-besok.png", full_page=False)
    page.goto("/pasienter/")
    screenshot(page, "telefon-topp.png", full_page=False)
    page.goto(f"/hjemmetjeneste/besok/{dagens_besok[0].pk}/")
    vitals_news2_7_enter(page)
    expect(page.get_by_test_id("pasientbanner")).to_be_visible()
    screenshot(page, "telefon-besok-news2-7.png", full_page=False)
