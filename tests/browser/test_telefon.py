"""Phone first (360 × 740): the header leaves the screen to the work, "Mine besøk" reads in
time order with done visits apart and CAVE / "ikke HLR" marked, every control is big enough to
tap (WCAG 2.2 2.5.8: 24 × 24 px; primary actions 44 px), and typed text survives errors.

Screenshots of the visit list, a visit with NEWS2 7 and the phone header go to
test-artifacts/ (docs/skjermbilder/ keeps the before/after pairs)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from core.context import system_context
from core.klokke import idag, naa
from core.models import Ansatt, Enhet, EnhetType
from integrasjoner.velferdsteknologi.models import VKP_KODE, Alvorlighet, HendelseType, UtstyrType
from integrasjoner.velferdsteknologi.schemas import HendelseInn
from integrasjoner.velferdsteknologi.services import avsendersystem_create, utstyr_register
from integrasjoner.velferdsteknologi.services.hendelse import hendelse_receive
from journal.models import Kode, KritiskInformasjon, Pasient
from journal.services import MaalingData, maaling_create
from journal.services.kritisk import diagnose_create
from tests.acting import acting_as
from tests.browser.conftest import (
    PHONE,
    NewPage,
    login,
    make,
    menu_open,
    screenshot,
    scroll_width,
    submit_and_wait,
)
from tests.conftest import actor
from tests.factories import EnhetFactory
from tests.integrasjoner.conftest import seed_velferdsteknologi
from tests.tjenester.hjemmetjeneste.factories import BesoekFactory, BesoeksoppgaveFactory
from tildeling.models import Tjenestetype
from tildeling.seeds import tjenestetyper_seed
from tildeling.services.sak import SoeknadData, soeknad_create
from tjenester.hjemmetjeneste.models import Besoek, BesoekStatus

PHONE_HEIGHT = 740
HEADER_MAX = PHONE_HEIGHT * 0.15  # 111 px
# respiration 22 → 2, SpO2 95 on oxygen → 1 + 2, systolic 105 → 1, pulse 95 → 1: NEWS2 7
RED = "rgb(164, 22, 26)"  # --red in core/static/core/app.css
NEWS2_7 = {
    "systolisk": "105",
    "puls": "95",
    "respirasjon": "22",
    "spo2": "95",
    "temperatur": "37,0",
}


@pytest.fixture
def dagens_besoek(enhet: Enhet, sykepleier: Ansatt, pasienter: list[Pasient]) -> list[Besoek]:
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
        (kari, dt.time(11, 0), 1, BesoekStatus.PLANLAGT),
        (ola, dt.time(7, 30), 2, BesoekStatus.PLANLAGT),
        (nordmann, dt.time(7, 15), 3, BesoekStatus.PLANLAGT),
        (per, dt.time(6, 45), 4, BesoekStatus.UTFORT),
    ]
    besok = []
    for pasient, fra, rekkefolge, status in plan:
        b = make(
            BesoekFactory,
            enhet=enhet,
            pasient=pasient,
            ansatt=sykepleier,
            dato=idag(),
            fra_tid=fra,
            til_tid=(dt.datetime.combine(idag(), fra) + dt.timedelta(minutes=30)).time(),
            rekkefolge=rekkefolge,
            status=status,
        )
        make(BesoeksoppgaveFactory, besok=b, tekst="Gi morgenmedisin")
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
    phone_page: Page, sykepleier: Ansatt, dagens_besoek: list[Besoek]
) -> None:
    page = phone_page
    login(page, "spl-nord")
    page.goto("/hjemmetjeneste/mine-besok/")
    expect(page.get_by_test_id("besok-rad").first).to_be_visible()
    screenshot(page, "telefon-mine-besok.png", full_page=False)
    page.goto("/pasienter/")
    screenshot(page, "telefon-topp.png", full_page=False)
    menu_open(page)
    screenshot(page, "telefon-meny.png", full_page=False)
    page.goto(f"/hjemmetjeneste/besok/{dagens_besoek[0].pk}/")
    vitals_news2_7_enter(page)
    expect(page.get_by_test_id("pasientbanner")).to_be_visible()
    screenshot(page, "telefon-besok-news2-7.png", full_page=False)


def header_height(page: Page) -> float:
    box = page.locator("header.topbar").bounding_box()
    assert box is not None
    return float(box["height"])


def test_the_phone_header_takes_under_15_percent_and_the_unit_and_patient_stay_in_view(
    phone_page: Page, sykepleier: Ansatt, dagens_besoek: list[Besoek]
) -> None:
    page = phone_page
    login(page, "spl-nord")
    kari = dagens_besoek[0].pasient
    pages = [
        "/",
        "/pasienter/",
        f"/pasienter/{kari.pk}/",
        f"/pasienter/{kari.pk}/kritisk/",
        "/hjemmetjeneste/mine-besok/",
        f"/hjemmetjeneste/besok/{dagens_besoek[0].pk}/",
        "/velferdsteknologi/",
    ]
    for url in pages:
        page.goto(url)
        # then: the header is small, the acting unit is on screen, the menu is folded
        assert header_height(page) < HEADER_MAX, url
        expect(page.get_by_test_id("acting-unit")).to_be_in_viewport()
        expect(page.get_by_role("navigation", name="Hovedmeny")).to_be_hidden()
        banner = page.get_by_test_id("pasientbanner")
        if banner.count():
            expect(banner.locator("h1")).to_be_in_viewport()
    # the menu opens behind its button, and closes again
    page.goto("/pasienter/")
    knapp = page.get_by_role("button", name="Meny")
    expect(knapp).to_have_attribute("aria-expanded", "false")
    knapp.click()
    expect(knapp).to_have_attribute("aria-expanded", "true")
    meny = page.get_by_role("navigation", name="Hovedmeny")
    expect(meny.get_by_role("link", name="Hjemmetjeneste")).to_be_visible()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    page.keyboard.press("Escape")
    expect(meny).to_be_hidden()
    knapp.click()
    meny.get_by_role("link", name="Hjemmetjeneste").click()
    expect(page).to_have_url(re.compile(r"/hjemmetjeneste/mine-besok/$"))


def test_the_desktop_header_shows_the_menu_without_a_button(page: Page, sykepleier: Ansatt) -> None:
    login(page, "spl-nord")
    page.goto("/pasienter/")
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_be_visible()
    expect(page.get_by_role("button", name="Meny")).to_be_hidden()
    expect(page.get_by_test_id("acting-unit")).to_be_visible()
    assert header_height(page) < 80


def test_my_visits_in_time_order_done_apart_with_cave_and_ikke_hlr_marked(
    phone_page: Page, sykepleier: Ansatt, dagens_besoek: list[Besoek]
) -> None:
    page = phone_page
    login(page, "spl-nord")
    # when
    page.goto("/hjemmetjeneste/mine-besok/")
    # then: coming visits by planned time, whatever the route order says
    kommende = page.get_by_test_id("mine-besok").get_by_test_id("besok-rad")
    expect(kommende).to_have_count(3)
    tider = [rad.locator(".ht-aapne strong").inner_text()[:5] for rad in kommende.all()]
    assert tider == ["07:15", "07:30", "11:00"]
    # the done visit in its own list below
    ferdige = page.get_by_test_id("ferdige-besok").get_by_test_id("besok-rad")
    expect(ferdige).to_have_count(1)
    expect(ferdige).to_contain_text("Per Olsen")
    expect(ferdige).to_contain_text("Utført")
    # CAVE and "ikke HLR" on the rows of the patients they belong to
    ola = kommende.filter(has_text="Ola Hansen")
    expect(ola.get_by_test_id("besok-beslutning")).to_have_text("Ikke HLR")
    kari = kommende.filter(has_text="Kari Østby")
    expect(kari.get_by_test_id("besok-cave")).to_contain_text("CAVE")
    expect(kari.get_by_test_id("besok-cave")).to_contain_text("Penicillin")
    expect(kommende.filter(has_text="Kari Nordmann").get_by_test_id("besok-kritisk")).to_have_count(
        0
    )


@pytest.fixture
def fallalarm(enhet: Enhet, kari_ostby: Pasient) -> None:
    """A fall alarm (severity "Kritisk") from Kari Østby's fall sensor; she has a phone."""
    kari_ostby.telefon = "912 34 567"
    kari_ostby.save(update_fields=["telefon"])
    seed_velferdsteknologi()
    with system_context():
        avsender, _hemmelighet = avsendersystem_create(
            actor=None, navn="Alarmsentral Vest", enhet_id=enhet.pk
        )
        utstyr_register(
            actor=None,
            avsender_id=avsender.pk,
            ekstern_id="FS-2001",
            type=UtstyrType.FALLSENSOR,
            pasient_id=kari_ostby.pk,
            enhet_id=enhet.pk,
        )
        hendelse_receive(
            avsender=avsender,
            data=HendelseInn(
                ekstern_id="fall-1",
                type="fall",
                kode=VKP_KODE[HendelseType.FALL],
                alvorlighet=Alvorlighet.KRITISK,
                tidspunkt=naa(),
                utstyr_ref="FS-2001",
            ),
        )


def test_the_response_centre_on_a_phone_shows_status_level_and_a_number_to_call(
    phone_page: Page, sykepleier: Ansatt, fallalarm: None
) -> None:
    page = phone_page
    login(page, "spl-nord")
    # when
    page.goto("/velferdsteknologi/")
    rad = page.get_by_test_id("alarm-rad")
    expect(rad).to_have_count(1)
    # then: every column on screen, no sideways scrolling
    assert scroll_width(page) <= 360
    expect(rad.get_by_test_id("alarm-status")).to_be_in_viewport()
    expect(rad.get_by_test_id("alarm-status")).to_contain_text("Åpen")
    # "Kritisk" as a level: coloured, with its text
    niva = rad.get_by_test_id("alarm-niva")
    expect(niva).to_contain_text("Kritisk")
    expect(niva).to_have_css("background-color", RED)
    screenshot(page, "telefon-responssenter.png", full_page=False)
    # tap to call the patient, from the queue and from the alarm
    ring = rad.get_by_role("link", name="Ring 912 34 567")
    expect(ring).to_have_attribute("href", "tel:91234567")
    box = ring.bounding_box()
    assert box is not None
    assert box["height"] >= 44
    rad.get_by_role("link", name="Fall").click()
    expect(page.get_by_test_id("alarm").get_by_test_id("ring")).to_have_attribute(
        "href", "tel:91234567"
    )
    expect(page.get_by_test_id("alarm").get_by_test_id("alarm-niva")).to_contain_text("Kritisk")


# Every control a finger may hit, with its size; links inside a sentence are exempt (WCAG 2.2
# 2.5.8 "inline"): a link whose block has at least two words of its own besides the links.
SMALL_TARGETS_JS = """
() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[role=button]';
  const wordsOutsideLinks = (el) => {
    const block = el.closest('p, li, dd, td, th, div, span.muted, small') || el.parentElement;
    const clone = block.cloneNode(true);
    clone.querySelectorAll('a, button, input, select, textarea').forEach((c) => c.remove());
    return clone.textContent.split(/\\s+/).filter((w) => /[A-Za-zÆØÅæøå0-9]{2,}/.test(w)).length;
  };
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    if (el.closest('.skip, .visually-hidden')) continue;
    if (el.matches('input[type=radio], input[type=checkbox]') && el.closest('label')) {
      const label = el.closest('label').getBoundingClientRect();
      if (label.height >= 24 && label.width >= 24) continue;
    }
    if (el.tagName === 'A' && style.display === 'inline' && wordsOutsideLinks(el) >= 2) continue;
    if (box.width < 24 || box.height < 24) {
      const name = (el.innerText || el.value || el.name || '').trim().slice(0, 30);
      const size = `${Math.round(box.width)}×${Math.round(box.height)}`;
      small.push(`${el.tagName.toLowerCase()} «${name}» ${size}`);
    }
  }
  return small;
}
"""
PRIMARY_TARGETS_JS = """
() => Array.from(document.querySelectorAll(
    'main button[type=submit]:not(.link), main .button, header .meny-knapp'))
  .filter((el) => el.getBoundingClientRect().width > 0)
  .filter((el) => el.getBoundingClientRect().height < 44)
  .map((el) => `${el.innerText.trim()} ${Math.round(el.getBoundingClientRect().height)}`)
"""


def test_every_control_on_the_main_pages_is_big_enough_to_tap_at_360_px(
    phone_page: Page, sykepleier: Ansatt, dagens_besoek: list[Besoek], fallalarm: None
) -> None:
    page = phone_page
    login(page, "spl-nord")
    kari = dagens_besoek[0].pasient
    pages = [
        "/pasienter/",
        "/pasienter/?sok=Kari",
        f"/pasienter/{kari.pk}/",
        f"/pasienter/{kari.pk}/oversikt/",
        f"/pasienter/{kari.pk}/kritisk/",
        f"/pasienter/{kari.pk}/malinger/",
        f"/pasienter/{kari.pk}/malinger/ny/",
        f"/pasienter/{kari.pk}/notater/",
        f"/pasienter/{kari.pk}/tilgangslogg/",
        "/hjemmetjeneste/mine-besok/",
        f"/hjemmetjeneste/besok/{dagens_besoek[0].pk}/",
        f"/hjemmetjeneste/besok/{dagens_besoek[0].pk}/maling/",
        "/hjemmetjeneste/dagsliste/",
        "/velferdsteknologi/",
    ]
    problems: dict[str, list[str]] = {}
    for url in pages:
        page.goto(url)
        menu_open(page)  # the menu's links and «Logg ut» count too
        page.evaluate(
            "document.querySelectorAll('main details').forEach((d) => { d.open = true; })"
        )
        small = page.evaluate(SMALL_TARGETS_JS)
        primary = page.evaluate(PRIMARY_TARGETS_JS)
        if small or primary:
            problems[url] = small + [f"hovedknapp {p}" for p in primary]
    assert problems == {}, "\n".join(f"{u}: {p}" for u, p in problems.items())


# What axe-core flagged on these pages, checked in the DOM: unique ids, references that
# exist, accessible names that contain the visible text, one label per field, scrollable
# regions reachable by keyboard and named, chart text with contrast ≥ 4.5 against white.
DOM_CHECKS_JS = """
() => {
  const problems = [];
  const ids = {};
  document.querySelectorAll('[id]').forEach((el) => { ids[el.id] = (ids[el.id] || 0) + 1; });
  Object.entries(ids).filter(([, n]) => n > 1).forEach(([id]) => problems.push(`dobbel id ${id}`));
  document.querySelectorAll('[aria-describedby], [aria-labelledby]').forEach((el) => {
    const refs = ['aria-describedby', 'aria-labelledby']
      .map((name) => el.getAttribute(name) || '').join(' ');
    refs.split(/\\s+/).filter(Boolean).forEach((ref) => {
      if (!document.getElementById(ref)) problems.push(`aria peker på ${ref}, som ikke finnes`);
    });
  });
  document.querySelectorAll('a[aria-label], button[aria-label]').forEach((el) => {
    const visible = el.innerText.trim().toLowerCase();
    if (visible && !el.getAttribute('aria-label').toLowerCase().includes(visible)) {
      problems.push(`navnet «${el.getAttribute('aria-label')}» mangler teksten «${visible}»`);
    }
  });
  document.querySelectorAll('input:not([type=hidden]), select, textarea').forEach((el) => {
    const n = el.id ? document.querySelectorAll(`label[for="${CSS.escape(el.id)}"]`).length : 0;
    if (n > 1) problems.push(`${el.id} har ${n} etiketter`);
  });
  document.querySelectorAll('main *').forEach((el) => {
    const style = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(style.overflowX)) return;
    if (el.scrollWidth <= el.clientWidth + 1) return;
    if (el.tabIndex < 0 || !el.getAttribute('aria-label')) {
      problems.push(`rullbart område uten tabindex/navn: ${el.className}`);
    }
  });
  const lum = (rgb) => {
    const [r, g, b] = rgb.match(/\\d+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  document.querySelectorAll('svg.trend text').forEach((el) => {
    const ratio = 1.05 / (lum(getComputedStyle(el).fill) + 0.05);
    if (ratio < 4.5) problems.push(`diagramtekst «${el.textContent}» kontrast ${ratio.toFixed(2)}`);
  });
  return problems;
}
"""


def test_the_pages_axe_flagged_pass_the_same_checks_at_360_px(
    phone_page: Page, enhet: Enhet, sykepleier: Ansatt, dagens_besoek: list[Besoek]
) -> None:
    page = phone_page
    kari = dagens_besoek[0].pasient
    with acting_as(sykepleier, enhet):
        for minutter, puls in ((90, 80), (30, 95)):
            maaling_create(
                actor=sykepleier,
                pasient_id=kari.pk,
                data=MaalingData(tidspunkt=naa() - dt.timedelta(minutes=minutter), puls=puls),
            )
        # the code list's start set may or may not be there (a live-server flush removes it)
        kode, _ny = Kode.objects.update_or_create(
            kodeverk="ICPC-2", kode="K86", defaults={"tekst": "Hypertensjon ukomplisert"}
        )
        diagnose_create(actor=sykepleier, pasient_id=kari.pk, kode_id=kode.pk)
    login(page, "spl-nord")
    pages = [
        f"/pasienter/{kari.pk}/kritisk/",
        f"/pasienter/{kari.pk}/tilgangslogg/",
        f"/pasienter/{kari.pk}/malinger/",
        f"/pasienter/{kari.pk}/oversikt/",
        f"/hjemmetjeneste/besok/{dagens_besoek[0].pk}/",
        "/hjemmetjeneste/dagsliste/",
        "/hjemmetjeneste/mine-besok/",
    ]
    problems = {}
    for url in pages:
        page.goto(url)
        found = page.evaluate(DOM_CHECKS_JS)
        if found:
            problems[url] = found
    assert problems == {}, "\n".join(f"{u}: {p}" for u, p in problems.items())
    # the scrollable tables are named regions a keyboard reaches
    page.goto(f"/pasienter/{kari.pk}/tilgangslogg/")
    region = page.get_by_role("region", name="Tilgangslogg")
    expect(region).to_have_attribute("tabindex", "0")
    # the day list's arrows are named by what they do
    page.goto("/hjemmetjeneste/dagsliste/")
    expect(page.get_by_role("link", name="Forrige dag")).to_be_visible()
    expect(page.get_by_role("button", name="Flytt Kari Østby ned")).to_be_visible()
    # chart axis text: ink, not grey
    page.goto(f"/pasienter/{kari.pk}/malinger/")
    expect(page.locator("svg.trend .trend-akse text").first).to_have_css("fill", "rgb(27, 31, 36)")


def test_the_visit_note_shows_its_limit_as_the_nurse_types_and_keeps_the_text(
    phone_page: Page, sykepleier: Ansatt, dagens_besoek: list[Besoek]
) -> None:
    page = phone_page
    login(page, "spl-nord")
    page.goto(f"/hjemmetjeneste/besok/{dagens_besoek[0].pk}/")
    notat = page.get_by_label("Kort notat")
    teller = page.get_by_test_id("notat-skjema").get_by_test_id("teller")
    # then: the limit is there before a word is typed
    expect(teller).to_have_text("0 av 2000 tegn")
    # when
    notat.fill("Pasienten var i fin form.")
    # then
    expect(teller).to_have_text("25 av 2000 tegn")
    # a long paste stops at the limit, and the counter says so
    notat.fill("x" * 2500)
    expect(teller).to_have_text("2000 av 2000 tegn")
    expect(teller).to_have_class(re.compile(r"\bteller-nesten\b"))


def test_one_unbroken_word_in_an_application_wraps_instead_of_widening_the_case_page(
    new_page: NewPage, enhet: Enhet, kari_ostby: Pasient
) -> None:
    tjenestetyper_seed()
    kontor: Enhet = make(
        EnhetFactory,
        navn="Tildelingskontoret",
        type=EnhetType.TILDELINGSKONTOR,
        virksomhet=enhet.virksomhet,
    )
    sara = actor(kontor, "saksbehandler", username="sara", first_name="Sara", last_name="Sak")
    tjenestetype = Tjenestetype.objects.order_by("kode").first()
    assert tjenestetype is not None
    with acting_as(sara, kontor):
        sak = soeknad_create(
            actor=sara,
            data=SoeknadData(
                pasient_id=kari_ostby.pk,
                mottatt_dato=idag(),
                tjenester=[(tjenestetype.pk, "")],
                beskrivelse="Hjelp" + "A" * 3990,
            ),
        )
    for options, width in (({**PHONE, "device_scale_factor": 1}, 360), ({}, 1280)):
        page = new_page(**options)
        login(page, "sara")
        page.goto(f"/tildeling/saker/{sak.pk}/")
        expect(page.get_by_text("HjelpAAAA", exact=False)).to_be_visible()
        assert scroll_width(page) <= width


def test_a_long_paste_into_the_patient_search_stops_at_the_limit_and_answers_in_norwegian(
    phone_page: Page, sykepleier: Ansatt, pasienter: list[Pasient]
) -> None:
    page = phone_page
    login(page, "spl-nord")
    page.goto("/pasienter/")
    sok = page.get_by_label("Navn, fødselsnummer eller fødselsdato (dd.mm.åååå)")
    # when: about 5,000 characters pasted, then Enter
    sok.fill("Kari Østby, Storgata 1, 2211 Kongsvinger. " * 120)
    assert len(sok.input_value()) == 200
    submit_and_wait(page, page.get_by_role("button", name="Søk"))
    # then: our page, in Norwegian, with what fits of the text still in the field
    expect(page.get_by_role("heading", name="Finn pasient")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Too Long")
    assert len(sok.input_value()) == 200
