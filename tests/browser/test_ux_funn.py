"""Issue 14 in the browser: HTMX errors are shown next to the control, the visit shows
NEWS2 with the level's colour and advice, and the application form's patient picker."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from playwright.sync_api import Page, expect

from core.klokke import idag
from core.models import Ansatt, Enhet, EnhetType
from journal.models import Pasient
from tests.acting import acting_as
from tests.browser.conftest import login, make, screenshot, submit_and_wait
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory
from tests.tjenester.hjemmetjeneste.factories import (
    BesoekFactory,
    BesoeksoppgaveFactory,
    VaktFactory,
)
from tildeling.models import Tjenestetype
from tildeling.seeds import tjenestetyper_seed
from tildeling.services.sak import SoeknadData, soeknad_create
from tjenester.hjemmetjeneste.models import Besoek


@pytest.fixture
def besok(enhet: Enhet, sykepleier: Ansatt, kari_ostby: Pasient) -> Besoek:
    make(VaktFactory, ansatt=sykepleier, enhet=enhet)
    visit: Besoek = make(
        BesoekFactory,
        enhet=enhet,
        pasient=kari_ostby,
        ansatt=sykepleier,
        fra_tid=dt.time(0, 2),
        til_tid=dt.time(23, 58),
    )
    make(BesoeksoppgaveFactory, besok=visit, tekst="Gi morgenmedisin")
    return visit


def test_not_done_without_a_reason_shows_the_servers_message_at_the_task(
    phone_page: Page, sykepleier: Ansatt, besok: Besoek
) -> None:
    page = phone_page
    login(page, sykepleier.username)
    page.goto(f"/hjemmetjeneste/besok/{besok.pk}/")
    submit_and_wait(page, page.get_by_role("button", name="Sjekk inn"))
    oppgave = page.get_by_test_id("oppgave")
    # when
    oppgave.get_by_role("button", name="Ikke gjort").click()
    # then: the server's Norwegian 400 message, in the task's row
    expect(page.get_by_test_id("oppgave").get_by_role("alert")).to_contain_text("Skriv hvorfor")


def test_an_error_page_answer_to_htmx_is_shown_next_to_the_control(
    page: Page, sykepleier: Ansatt, besok: Besoek
) -> None:
    # given: a button whose action answers the ordinary 404 page (a task that is not there)
    login(page, sykepleier.username)
    page.goto(f"/hjemmetjeneste/besok/{besok.pk}/")
    missing = f"/hjemmetjeneste/besok/{besok.pk}/oppgaver/{uuid.uuid4()}/"
    page.evaluate(
        """(url) => {
            const form = document.querySelector("form[hx-post]");
            form.setAttribute("hx-post", url);
            htmx.process(form);
        }""",
        missing,
    )
    # when
    page.get_by_test_id("oppgave").get_by_role("button", name="Gjort", exact=True).click()
    # then
    expect(page.get_by_test_id("htmx-feil")).to_contain_text("Fant ikke det du lette etter")
    expect(page.get_by_test_id("oppgave")).to_be_visible()


def test_the_visit_shows_news2_7_in_red_with_what_to_do(
    phone_page: Page, sykepleier: Ansatt, besok: Besoek
) -> None:
    page = phone_page
    login(page, sykepleier.username)
    page.goto(f"/hjemmetjeneste/besok/{besok.pk}/")
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
    # when
    submit_and_wait(page, page.get_by_role("button", name="Lagre målingen"))
    # then: back on the visit, the level's colour and the escalation advice
    news2 = page.get_by_test_id("besok-malinger").get_by_test_id("news2")
    expect(news2).to_have_attribute("data-niva", "hoy")
    expect(news2).to_contain_text("NEWS2 7")
    expect(news2).to_contain_text("Akutt vurdering av team med kritisk kompetanse")
    background = news2.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    news2.scroll_into_view_if_needed()
    screenshot(page, "besok-news2-7-360.png", full_page=False)


def test_case_officer_picks_the_applicant_by_typing_a_name(page: Page) -> None:
    # given: an office that knows Gunnhild Kjentmann from an earlier application
    kommune_enhet: Enhet = make(EnhetFactory, type=EnhetType.TILDELINGSKONTOR, navn="Kontoret")
    sara = actor(kommune_enhet, "saksbehandler", username="sara-browser")
    tjenestetyper_seed()
    pasient: Pasient = make(PasientFactory, fornavn="Gunnhild", etternavn="Kjentmann")
    with acting_as(sara, kommune_enhet):
        soeknad_create(
            actor=sara,
            data=SoeknadData(
                pasient_id=pasient.pk,
                mottatt_dato=idag(),
                tjenester=[(Tjenestetype.objects.get(kode="15").pk, "")],
            ),
        )
    login(page, sara.username)
    page.goto("/tildeling/soknad/ny/")
    # when
    page.get_by_label("Finn pasienten").press_sequentially("kjentm", delay=30)
    page.get_by_test_id("pasientvelger").get_by_role("button", name="Kjentmann").click()
    # then
    expect(page.get_by_label("Pasientens fødselsnummer")).to_have_value(pasient.identifikator)
    expect(page.get_by_test_id("valgt-pasient")).to_contain_text("Gunnhild Kjentmann")
