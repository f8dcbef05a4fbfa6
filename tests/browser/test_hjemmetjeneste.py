"""Home care on a 360 px phone: the nurse opens today's list, opens the first visit, sees
the allergy first (above the tasks), ticks the tasks, enters vitals (NEWS2 through the
journal's form) and checks out; the leader sees the performed time and a missed visit."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from core.context import system_context
from core.klokke import idag
from core.models import Ansatt, Enhet
from journal.models import KritiskInformasjon, Pasient
from tests.browser.conftest import login, make, screenshot, scroll_width, submit_and_wait
from tests.conftest import actor
from tests.tjenester.hjemmetjeneste.factories import (
    AdressepunktFactory,
    BesoekFactory,
    BesoeksoppgaveFactory,
    VaktFactory,
)
from tjenester.hjemmetjeneste.models import Besoek, BesoekStatus
from tjenester.hjemmetjeneste.services import besoek_flag_late

PHONE_WIDTH = 360


@pytest.fixture
def dagens_besoek(enhet: Enhet, sykepleier: Ansatt, pasienter: list[Pasient]) -> list[Besoek]:
    """Two visits on the nurse's list today (Kari Østby first), one missed visit early."""
    kari, ola = pasienter[0], pasienter[2]
    KritiskInformasjon.objects.create(
        pasient=kari, enhet=enhet, type="allergi", tittel="Penicillin", registrert_av=sykepleier
    )
    make(VaktFactory, ansatt=sykepleier, enhet=enhet)
    first = make(
        BesoekFactory,
        enhet=enhet,
        pasient=kari,
        ansatt=sykepleier,
        rekkefolge=1,
        fra_tid=dt.time(0, 2),
        til_tid=dt.time(23, 58),
    )
    make(BesoeksoppgaveFactory, besok=first, tekst="Gi morgenmedisin")
    make(BesoeksoppgaveFactory, besok=first, tekst="Ta på støttestrømper")
    make(AdressepunktFactory, pasient=kari, enhet=enhet)
    second = make(
        BesoekFactory,
        enhet=enhet,
        pasient=ola,
        ansatt=sykepleier,
        rekkefolge=2,
        fra_tid=dt.time(12),
        til_tid=dt.time(23, 59),
    )
    missed = make(
        BesoekFactory,
        enhet=enhet,
        pasient=pasienter[3],
        dato=idag(),
        fra_tid=dt.time(0),
        til_tid=dt.time(0, 1),
    )
    with system_context():
        besoek_flag_late()
    return [first, second, missed]


def test_nurse_does_a_visit_on_a_phone_and_the_leader_sees_it(
    phone_page: Page, enhet: Enhet, sykepleier: Ansatt, dagens_besoek: list[Besoek]
) -> None:
    page = phone_page
    # given
    leder = actor(enhet, "leder", username="leder-nord", first_name="Lars", last_name="Leder")
    login(page, "spl-nord")
    # when: today's list, in route order
    page.goto("/hjemmetjeneste/mine-besok/")
    rows = page.get_by_test_id("besok-rad")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Kari Østby")
    assert scroll_width(page) <= PHONE_WIDTH
    # the first visit: the allergy comes before the tasks
    rows.first.get_by_role("link").click()
    expect(page.get_by_test_id("banner-kritisk")).to_contain_text("Penicillin")
    banner_y = page.get_by_test_id("banner-kritisk").bounding_box()["y"]  # type: ignore[index]
    task_y = page.get_by_test_id("oppgave").first.bounding_box()["y"]  # type: ignore[index]
    assert banner_y < task_y
    expect(page.get_by_test_id("nokkelinfo")).to_contain_text("Nøkkelboks")
    assert scroll_width(page) <= PHONE_WIDTH
    submit_and_wait(page, page.get_by_role("button", name="Sjekk inn"))
    # tick both tasks (HTMX swaps the task in place)
    for oppgave in page.get_by_test_id("oppgave").all():
        oppgave.get_by_role("button", name="Gjort", exact=True).click()
        expect(oppgave.get_by_test_id("oppgave-status")).to_have_text("Gjort")
    # vitals through the journal's form; NEWS2 7 shown on the way back
    page.get_by_role("link", name="Registrer målinger (NEWS2)").click()
    skjema = page.get_by_test_id("maling-skjema")
    for name, value in {
        "systolisk": "105",
        "puls": "95",
        "respirasjon": "22",
        "spo2": "95",
        "temperatur": "37,0",
    }.items():
        skjema.locator(f"input[name={name}]").fill(value)
    skjema.get_by_label("Oksygen", exact=True).check()
    skjema.get_by_label("Våken (A)").check()
    assert scroll_width(page) <= PHONE_WIDTH
    submit_and_wait(page, page.get_by_role("button", name="Lagre målingen"))
    expect(page.locator(".messages")).to_contain_text("NEWS2: 7")
    screenshot(page, "hjemmetjeneste-besok-360.png")
    submit_and_wait(page, page.get_by_role("button", name="Sjekk ut"))
    # then
    expect(page.locator(".messages")).to_contain_text("Sjekket ut")
    first = Besoek.objects.get(pk=dagens_besoek[0].pk)
    assert first.status == BesoekStatus.UTFORT
    assert first.faktisk_min is not None
    assert list(first.oppgaver.values_list("utfort", flat=True)) == [True, True]

    # the leader: performed time for the nurse and the missed visit as an alert
    page.context.clear_cookies()
    login(page, leder.username)
    page.goto("/hjemmetjeneste/leder/")
    expect(page.get_by_test_id("uteblitte")).to_contain_text("Per Olsen")
    expect(page.get_by_test_id("utfort-tid")).to_contain_text("Siri Sykepleier")
    expect(page.get_by_test_id("utfort-tid")).to_contain_text(re.compile(r"0 t 0\d min"))
    screenshot(page, "hjemmetjeneste-leder-360.png")
