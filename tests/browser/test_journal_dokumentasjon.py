"""Journal documentation end to end, as a nurse acting in a unit with a care relationship.

She writes a sykepleienotat under the PLO headings and signs it, corrects it with a reason
and signs again, and reads the history with both versions and the changes marked. She
registers a life-threatening penicillin allergy, which then shows (CAVE) in the banner on
the patient page and on the notes page. She enters vital signs that give NEWS2 7: the page
shows it in red with the escalation text. Plus: the vitals form fits a 360 px wide phone.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from core.models import Ansatt
from journal.models import (
    Journalnotat,
    JournalnotatVersjon,
    KritiskInformasjon,
    Maaling,
    NotatStatus,
    Notattype,
    Pasient,
)
from tests.browser.conftest import UNIT_NAME, login, make, screenshot, scroll_width, submit_and_wait
from tests.factories import NotattypeFactory

PHONE_WIDTH = 360
TITLE = "Morgenbesøk"
PLO_TEXT = {
    "Sykepleiediagnose": "Nedsatt væskeinntak",
    "Observasjon": "Tørre slimhinner, drakk 2 glass vann til frokost.",
    "Tiltak": "Satt fram drikke og avtalt drikkeliste med pasienten.",
    "Evaluering": "Følges opp ved kveldsbesøket.",
}
CORRECTED_EVALUATION = "Følges opp ved kveldsbesøket. Fastlegen er orientert."
CORRECTION_REASON = "Glemte å skrive at fastlegen er orientert"
HIGH_RISK_ACTION = "Akutt vurdering av team med kritisk kompetanse, vurder overflytting"
RED = "rgb(164, 22, 26)"  # --red in core/static/core/app.css
# NEWS2 (journal/lib/news2.py): respiration 22 → 2, SpO2 95 on scale 1 → 1, oxygen → 2,
# systolic 105 → 1, pulse 95 → 1, alert → 0, temperature 37.0 → 0; total 7 (high).
NEWS2_7 = {
    "systolisk": "105",
    "diastolisk": "70",
    "puls": "95",
    "respirasjon": "22",
    "spo2": "95",
    "temperatur": "37,0",
}


@pytest.fixture
def sykepleienotat(_seed_data: None) -> Notattype:
    """The note type the migration seeds (a live server's flush removes it)."""
    notattype: Notattype = make(NotattypeFactory)
    return notattype


# --- steps -----------------------------------------------------------------------------------


def _log_in(page: Page, ansatt: Ansatt) -> None:
    page.goto("/logg-inn/")
    login(page, ansatt.username)
    expect(page).to_have_url(re.compile(r"/pasienter/$"))
    expect(page.get_by_test_id("acting-unit")).to_contain_text(UNIT_NAME)


def _open_tab(page: Page, name: str) -> None:
    nav = page.get_by_role("navigation", name="Journalen")
    submit_and_wait(page, nav.get_by_role("link", name=name, exact=True))  # waits for the page


def _choose_note_type(page: Page, name: str) -> None:
    """Choosing a type swaps in its headings (HTMX) even when the only type is preselected:
    wait for the swap, or it would wipe what is typed next."""
    page.wait_for_load_state()  # HTMX is set up (deferred script)
    page.evaluate("document.getElementById('main').dataset.gammel = 'ja'")
    page.get_by_label("Notattype").select_option(label=name)
    expect(page.locator("#main[data-gammel]")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/notater/ny/\?type=[0-9a-f-]+$"))
    expect(page.get_by_label("Notattype")).to_have_value(re.compile(r"^[0-9a-f-]+$"))


# --- tests -----------------------------------------------------------------------------------


def test_nurse_writes_signs_corrects_and_reads_the_history_of_a_note(
    page: Page, sykepleier: Ansatt, kari_ostby: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    _log_in(page, sykepleier)
    page.goto(f"/pasienter/{kari_ostby.pk}/notater/")
    expect(page.get_by_test_id("notater")).to_contain_text("Ingen notater ennå.")

    # when: writes a sykepleienotat under the PLO headings and saves the draft
    submit_and_wait(page, page.get_by_role("link", name="Nytt notat"))
    expect(page).to_have_url(re.compile(r"/notater/ny/$"))
    _choose_note_type(page, "Sykepleienotat")
    page.get_by_label("Tittel").fill(TITLE)
    for heading, text in PLO_TEXT.items():
        page.get_by_label(heading, exact=True).fill(text)
    expect(page.get_by_label("Tittel")).to_have_value(TITLE)
    submit_and_wait(page, page.get_by_role("button", name="Lagre utkast"))

    # then: a draft only she sees
    expect(page).to_have_url(re.compile(rf"/pasienter/{kari_ostby.pk}/notater/[0-9a-f-]+/$"))
    expect(page.get_by_test_id("notat")).to_contain_text("Utkast – ikke signert")

    # when: signs it
    submit_and_wait(page, page.get_by_role("button", name="Signer", exact=True))

    # then
    notat = page.get_by_test_id("notat")
    expect(page.locator(".messages")).to_contain_text("Notatet er signert.")
    expect(notat.get_by_role("heading", level=2)).to_have_text(TITLE)
    for heading, text in PLO_TEXT.items():
        expect(notat.get_by_role("heading", level=3, name=heading)).to_be_visible()
        expect(notat).to_contain_text(text)
    expect(notat).to_contain_text(re.compile(r"Signert [0-9.]+ [0-9:]+ av Siri Sykepleier"))

    # when: corrects it with a reason, changes the evaluation and signs again
    page.locator("#korriger summary").click()
    page.get_by_label("Hvorfor korrigeres notatet?").fill(CORRECTION_REASON)
    submit_and_wait(page, page.get_by_role("button", name="Start korrigering"))
    expect(page.locator(".messages")).to_contain_text("Korrigeringen er startet.")
    evaluering = page.locator("#skjema").get_by_label("Evaluering", exact=True)
    expect(evaluering).to_have_value(PLO_TEXT["Evaluering"])
    evaluering.fill(CORRECTED_EVALUATION)
    submit_and_wait(page, page.get_by_role("button", name="Signer", exact=True))

    # then: version 2 is the one shown, with the reason
    expect(page.locator(".messages")).to_contain_text("Notatet er signert.")
    expect(notat).to_contain_text(CORRECTED_EVALUATION)
    expect(notat).to_contain_text(f"versjon 2 – korrigert: {CORRECTION_REASON}")

    # when
    submit_and_wait(page, notat.get_by_role("link", name="Historikk (2 versjoner)"))

    # then: both versions, newest first, and the changed line marked
    expect(page).to_have_url(re.compile(r"/historikk/$"))
    versjon_2, versjon_1 = page.get_by_test_id("versjon-2"), page.get_by_test_id("versjon-1")
    expect(page.locator("ol.versjoner > li")).to_have_count(2)
    expect(versjon_2.get_by_role("heading", level=3)).to_have_text("Versjon 2 (gjeldende)")
    expect(versjon_2).to_contain_text(f"Begrunnelse for korrigering: {CORRECTION_REASON}")
    expect(versjon_2.locator("ins")).to_have_text(f"Lagt til: {CORRECTED_EVALUATION}")
    expect(versjon_2.locator("del")).to_have_text(f"Fjernet: {PLO_TEXT['Evaluering']}")
    expect(versjon_1.get_by_role("heading", level=3)).to_have_text("Versjon 1")
    expect(versjon_1).to_contain_text(PLO_TEXT["Evaluering"])
    expect(versjon_1).not_to_contain_text(CORRECTED_EVALUATION)
    screenshot(page, "notat_historikk.png")
    lagret = Journalnotat.objects.get(pasient=kari_ostby)
    assert lagret.status == NotatStatus.SIGNERT
    assert lagret.gjeldende_versjon == 2
    assert list(
        JournalnotatVersjon.objects.filter(notat=lagret)
        .order_by("nummer")
        .values_list("nummer", "korrigeringsgrunn", "signert_av")
    ) == [(1, "", sykepleier.pk), (2, CORRECTION_REASON, sykepleier.pk)]


def test_an_allergy_registered_by_the_nurse_shows_in_the_banner(
    page: Page, sykepleier: Ansatt, kari_ostby: Pasient
) -> None:
    # given
    _log_in(page, sykepleier)
    page.goto(f"/pasienter/{kari_ostby.pk}/")
    banner = page.get_by_test_id("banner-kritisk")
    expect(banner).to_contain_text("Ingen kritisk informasjon registrert")

    # when: registers a confirmed, life-threatening penicillin allergy
    _open_tab(page, "Kritisk info og diagnoser")
    form = page.locator("#ny-kritisk")
    form.get_by_label("Type").select_option("allergi")
    form.get_by_label("Substans / beskrivelse").fill("Penicillin")
    form.get_by_label("Reaksjon").fill("Anafylaksi")
    form.get_by_label("Alvorlighet").select_option("livstruende")
    form.get_by_label("Sikkerhet").select_option("bekreftet")
    form.get_by_label("Kilde").fill("Epikrise fra sykehuset")
    submit_and_wait(page, form.get_by_role("button", name="Registrer", exact=True))

    # then: listed as active critical information
    expect(page).to_have_url(re.compile(rf"/pasienter/{kari_ostby.pk}/kritisk/(#kritisk)?$"))
    expect(page.get_by_test_id("kritisk")).to_contain_text("Allergi: Penicillin")

    # when
    _open_tab(page, "Personalia")

    # then: the banner on the patient page shows it, marked life-threatening
    expect(page).to_have_url(re.compile(rf"/pasienter/{kari_ostby.pk}/$"))
    cave = page.get_by_test_id("banner-kritisk").get_by_test_id("cave")
    expect(cave).to_have_count(1)
    expect(cave).to_have_text(re.compile(r"Livstruende:\s+Allergi: Penicillin – Anafylaksi"))
    expect(cave).to_contain_text("(bekreftet)")
    expect(cave).to_have_class(re.compile(r"\bcave-livstruende\b"))
    expect(cave).to_have_css("border-top-color", RED)
    screenshot(page, "banner_allergi.png")

    # when
    _open_tab(page, "Notater")

    # then: and so does the banner on the notes page
    expect(page).to_have_url(re.compile(rf"/pasienter/{kari_ostby.pk}/notater/$"))
    expect(page.get_by_test_id("banner-kritisk").get_by_test_id("cave")).to_have_text(
        re.compile(r"Livstruende:\s+Allergi: Penicillin – Anafylaksi")
    )
    allergi = KritiskInformasjon.objects.get(pasient=kari_ostby)
    assert (allergi.type, allergi.alvorlighet, allergi.sikkerhet, allergi.registrert_av_id) == (
        "allergi",
        "livstruende",
        "bekreftet",
        sykepleier.pk,
    )


def test_vitals_giving_news2_7_show_red_with_the_escalation_text(
    page: Page, sykepleier: Ansatt, kari_ostby: Pasient
) -> None:
    # given
    _log_in(page, sykepleier)
    page.goto(f"/pasienter/{kari_ostby.pk}/malinger/")
    expect(page.get_by_test_id("siste-news2")).to_contain_text("Ingen målinger registrert.")

    # when: enters respiration 22, SpO2 95 (scale 1) on oxygen, BP 105/70, pulse 95, alert,
    # temperature 37,0
    submit_and_wait(page, page.get_by_test_id("ny-maling"))
    expect(page).to_have_url(re.compile(r"/malinger/ny/$"))
    skjema = page.get_by_test_id("maling-skjema")
    for field, value in NEWS2_7.items():
        skjema.locator(f"#id_{field}").fill(value)
    skjema.get_by_label("Oksygen", exact=True).check()
    expect(skjema.get_by_label("Skala 1", exact=True)).to_be_checked()
    skjema.get_by_label("Våken (A)").check()
    submit_and_wait(page, skjema.get_by_role("button", name="Lagre målingen"))

    # then: NEWS2 7, high clinical risk, in red with the escalation text
    expect(page).to_have_url(re.compile(rf"/pasienter/{kari_ostby.pk}/malinger/$"))
    expect(page.locator(".messages")).to_contain_text("Målingen er registrert.")
    news2 = page.get_by_test_id("siste-news2").get_by_test_id("news2")
    expect(news2.locator(".news2-verdi")).to_have_text("NEWS2 7")
    expect(news2).to_have_attribute("data-niva", "hoy")
    expect(news2).to_have_class(re.compile(r"\bnews2-hoy\b"))
    expect(news2).to_have_css("background-color", RED)
    expect(news2).to_contain_text("Klinisk risiko: høy")
    expect(news2.locator(".news2-tiltak")).to_have_text(HIGH_RISK_ACTION)
    rad = page.get_by_test_id("maling-rad")
    expect(rad).to_have_count(1)
    expect(rad).to_contain_text("105/70")
    expect(rad.get_by_test_id("news2")).to_contain_text("NEWS2 7")
    screenshot(page, "news2_rod.png")
    maling = Maaling.objects.get(pasient=kari_ostby)
    assert (maling.news2, maling.news2_niva, maling.registrert_av_id) == (7, "hoy", sykepleier.pk)


def test_on_a_phone_the_vitals_form_fits_the_screen(
    phone_page: Page, sykepleier: Ansatt, kari_ostby: Pasient
) -> None:
    # given
    page = phone_page
    _log_in(page, sykepleier)

    # when
    page.goto(f"/pasienter/{kari_ostby.pk}/malinger/ny/")

    # then: every field is there and nothing scrolls sideways
    skjema = page.get_by_test_id("maling-skjema")
    for field in NEWS2_7:
        expect(skjema.locator(f"#id_{field}")).to_be_visible()
    expect(skjema.get_by_role("button", name="Lagre målingen")).to_be_visible()
    assert scroll_width(page) <= PHONE_WIDTH
    screenshot(page, "mobil_maling_ny.png")

    # when: fills it in on the phone and saves
    for field, value in NEWS2_7.items():
        skjema.locator(f"#id_{field}").fill(value)
    skjema.get_by_label("Oksygen", exact=True).check()
    skjema.get_by_label("Våken (A)").check()
    submit_and_wait(page, skjema.get_by_role("button", name="Lagre målingen"))

    # then: the list with NEWS2 fits too
    expect(page.get_by_test_id("siste-news2").get_by_test_id("news2")).to_contain_text("NEWS2 7")
    assert scroll_width(page) <= PHONE_WIDTH


def test_changing_the_note_type_keeps_what_is_already_typed(
    page: Page, sykepleier: Ansatt, kari_ostby: Pasient, sykepleienotat: Notattype
) -> None:
    # given: a second note type with other headings, one of them shared
    make(
        NotattypeFactory,
        kode="telefonnotat-test",
        navn="Telefonnotat (test)",
        overskrifter=["Observasjon", "Avtale"],
    )
    _log_in(page, sykepleier)
    page.goto(f"/pasienter/{kari_ostby.pk}/notater/ny/")
    _choose_note_type(page, "Sykepleienotat")
    page.get_by_label("Tittel").fill(TITLE)
    page.get_by_label("Observasjon", exact=True).fill(PLO_TEXT["Observasjon"])
    page.get_by_label("Tiltak", exact=True).fill(PLO_TEXT["Tiltak"])

    # when: she changes her mind about the type
    _choose_note_type(page, "Telefonnotat (test)")

    # then: nothing she typed is lost; the shared heading keeps its text, the other text
    # goes to the first section under its old heading
    expect(page.get_by_label("Tittel")).to_have_value(TITLE)
    observasjon = page.get_by_label("Observasjon", exact=True)
    expect(observasjon).to_have_value(re.compile(re.escape(PLO_TEXT["Observasjon"])))
    expect(observasjon).to_have_value(re.compile(re.escape("Tiltak: " + PLO_TEXT["Tiltak"])))
    expect(page.get_by_label("Avtale", exact=True)).to_have_value("")
    expect(page).not_to_have_url(re.compile("Tiltak|drikke"))
