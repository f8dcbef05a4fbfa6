"""Emergency access outside a care relationship, end to end: the nurse asks, the leader reviews.

A nurse in "sone nord" needs a patient whose only care relationship is with "sone sør". She
finds nothing by searching, asks for emergency access with a reason, sees the record and its
access log; her leader, acting in the parent unit "Hjemmetjenesten", sees the access flagged in
the log analysis and marks it reviewed. Plus: the same pages fit a 360 px wide phone.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet, EnhetType, Virksomhet
from journal.models import Pasient, TilgangType, UtvidetTilgang
from tests.browser.conftest import (
    login,
    make,
    menu_open,
    screenshot,
    scroll_width,
    submit_and_wait,
)
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory, VirksomhetFactory

PHONE_WIDTH = 360
NURSE_NAME = "Nora Nordby"
LEADER_NAME = "Lene Leder"
REASON = "Falt i gangen hos naboen, sone sør er opptatt"
COMMENT = "Ringt sone sør, tilgangen var nødvendig."
FORM_URL = re.compile(r"/pasienter/tilgang/(\?.*)?$")
SEARCH_URL = re.compile(r"/pasienter/$")
LOGIN_URL = re.compile(r"/logg-inn/$")
REVIEW_URL = re.compile(r"/pasienter/tilgangskontroll/(#akutt)?$")


# --- given: a unit tree, a nurse, a leader and a patient of the other zone --------------------


@pytest.fixture
def virksomhet(_seed_data: None) -> Virksomhet:
    org: Virksomhet = make(VirksomhetFactory, navn="Helse og omsorg")
    return org


@pytest.fixture
def hjemmetjenesten(virksomhet: Virksomhet) -> Enhet:
    unit: Enhet = make(
        EnhetFactory, virksomhet=virksomhet, navn="Hjemmetjenesten", type=EnhetType.HJEMMETJENESTE
    )
    return unit


def _zone(parent: Enhet, name: str) -> Enhet:
    unit: Enhet = make(
        EnhetFactory,
        virksomhet=parent.virksomhet,
        forelder=parent,
        navn=name,
        type=EnhetType.HJEMMETJENESTE_SONE,
    )
    return unit


@pytest.fixture
def sone_nord(hjemmetjenesten: Enhet) -> Enhet:
    return _zone(hjemmetjenesten, "Hjemmetjenesten sone nord")


@pytest.fixture
def sone_sor(hjemmetjenesten: Enhet) -> Enhet:
    return _zone(hjemmetjenesten, "Hjemmetjenesten sone sør")


@pytest.fixture
def nurse(sone_nord: Enhet) -> Ansatt:
    """A nurse with one unit (sone nord): acts in it straight after login."""
    first, last = NURSE_NAME.split()
    return actor(
        sone_nord, "sykepleier", username="spl-sone-nord", first_name=first, last_name=last
    )


@pytest.fixture
def leader(hjemmetjenesten: Enhet) -> Ansatt:
    """The leader of the parent unit, with one unit: acts in Hjemmetjenesten after login."""
    first, last = LEADER_NAME.split()
    return actor(
        hjemmetjenesten,
        "leder",
        username="leder-hjemme",
        first_name=first,
        last_name=last,
        helsepersonellkategori="",
        hpr_nummer=None,
    )


@pytest.fixture
def pasient_i_sone_sor(sone_sor: Enhet) -> Pasient:
    """A synthetic patient whose only care relationship is with sone sør."""
    pasient: Pasient = make(
        PasientFactory, fornavn="Astrid", etternavn="Sørlie", relasjon_til=sone_sor
    )
    return pasient


# --- steps -----------------------------------------------------------------------------------


def _log_in(page: Page, ansatt: Ansatt, unit: str) -> None:
    page.goto("/logg-inn/")
    login(page, ansatt.username)
    expect(page).to_have_url(SEARCH_URL)
    expect(page.get_by_test_id("acting-unit")).to_contain_text(unit)


def _log_out(page: Page) -> None:
    menu_open(page)
    submit_and_wait(page, page.get_by_role("button", name="Logg ut"))
    expect(page).to_have_url(LOGIN_URL)


def _search_without_hit(page: Page, pasient: Pasient) -> Locator:
    """Type the full identifier; return the "ask for access" link shown instead of a hit."""
    page.locator("#sok").press_sequentially(pasient.identifikator, delay=20)
    expect(page).to_have_url(re.compile(rf"\?sok={pasient.identifikator}$"))
    expect(page.get_by_test_id("ingen-treff")).to_be_visible()
    expect(page.get_by_test_id("sokeresultat")).to_have_count(0)
    link = page.get_by_test_id("be-om-tilgang")
    expect(link).to_contain_text("Be om tilgang")
    # the link of the final search (not of a partial one) carries the identifier along
    expect(link).to_have_attribute(
        "href", re.compile(rf"/pasienter/tilgang/\?identifikator={pasient.identifikator}$")
    )
    return link


def _ask_for_emergency_access(page: Page, reason: str) -> None:
    page.get_by_role("radio", name="Akuttilgang").check()
    page.get_by_label(re.compile(r"^Begrunnelse")).fill(reason)
    submit_and_wait(page, page.get_by_role("button", name="Åpne journalen"))


def _open_review_page(page: Page) -> None:
    menu_open(page)
    nav = page.get_by_role("navigation", name="Hovedmeny")
    nav.get_by_role("link", name="Tilgangskontroll").click()
    expect(page).to_have_url(REVIEW_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgangskontroll")


def _review_entry(page: Page, pasient: Pasient) -> Locator:
    return (
        page.get_by_test_id("akuttilganger")
        .get_by_role("listitem")
        .filter(has_text=NURSE_NAME)
        .filter(has_text=pasient.fullt_navn)
    )


# --- tests -----------------------------------------------------------------------------------


def test_nurse_takes_emergency_access_and_her_leader_reviews_it(
    page: Page, nurse: Ansatt, leader: Ansatt, pasient_i_sone_sor: Pasient
) -> None:
    pasient = pasient_i_sone_sor

    # given: the nurse is logged in in sone nord, which has no relationship with the patient
    _log_in(page, nurse, "sone nord")

    # when: she searches for the patient's full identifier
    be_om_tilgang = _search_without_hit(page, pasient)

    # then: no hit, but a way to ask for access — which she follows
    be_om_tilgang.click()
    expect(page).to_have_url(FORM_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgang utenfor behandlingsrelasjon")
    expect(page.get_by_label("Pasientens fødselsnummer / D-nummer")).to_have_value(
        pasient.identifikator
    )

    # when: she asks for emergency access without a reason
    _ask_for_emergency_access(page, "")

    # then: refused in Norwegian, still on the form, nothing opened
    expect(page).to_have_url(FORM_URL)
    expect(page.get_by_role("alert")).to_contain_text("Akuttilgang krever en begrunnelse")
    expect(page.get_by_role("radio", name="Akuttilgang")).to_be_checked()
    expect(page.get_by_label("Pasientens fødselsnummer / D-nummer")).to_have_value(
        pasient.identifikator
    )
    assert not UtvidetTilgang.objects.filter(pasient=pasient).exists()

    # when: she gives a reason
    _ask_for_emergency_access(page, REASON)

    # then: the record opens, and the banner says on what basis
    expect(page).to_have_url(re.compile(rf"/pasienter/{pasient.pk}/$"))
    banner = page.get_by_test_id("pasientbanner")
    expect(banner.get_by_role("heading", level=1)).to_have_text(pasient.fullt_navn)
    expect(banner.get_by_test_id("banner-relasjon")).to_contain_text("Akuttilgang")
    expect(banner.get_by_test_id("banner-relasjon")).to_contain_text(REASON)
    screenshot(page, "akuttilgang_banner.png")

    # when: she opens the record's access log
    banner.get_by_role("link", name="Tilgangslogg").click()

    # then: her emergency access is listed with her name and reason
    expect(page).to_have_url(re.compile(rf"/pasienter/{pasient.pk}/tilgangslogg/$"))
    logg = page.get_by_test_id("tilgangslogg")
    rows = logg.get_by_role("row").filter(has_text=NURSE_NAME)
    expect(rows.filter(has_text=f"Akuttilgang: {REASON}").first).to_be_visible()
    expect(
        rows.filter(has_text="Tilgang utenfor behandlingsrelasjon").filter(
            has_text=f"Akuttilgang: {REASON}"
        )
    ).to_have_count(1)
    screenshot(page, "tilgangslogg.png")

    # when: she logs out and her leader logs in, acting in the parent unit
    _log_out(page)
    _log_in(page, leader, "Hjemmetjenesten")
    expect(page.get_by_test_id("acting-unit")).not_to_contain_text("sone")

    # when: the leader opens the access control from the menu
    _open_review_page(page)

    # then: the nurse's emergency access waits for review, with her reason
    entry = _review_entry(page, pasient)
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(REASON)
    expect(entry).to_contain_text("sone nord")
    expect(entry).not_to_contain_text("Gjennomgått")

    # then: the log analysis flags the access as an emergency access
    analyse = page.get_by_test_id("logganalyse")
    flagged = (
        analyse.get_by_role("row")
        .filter(has_text=NURSE_NAME)
        .filter(has=page.get_by_text("Akuttilgang", exact=True))
    )
    expect(flagged.first).to_be_visible()
    expect(flagged.first).to_contain_text(pasient.fullt_navn)

    # when: the leader comments and marks it reviewed
    entry.get_by_label("Kommentar").fill(COMMENT)
    submit_and_wait(page, entry.get_by_role("button", name="Marker som gjennomgått"))

    # then: the entry shows it was reviewed, by whom and with the comment
    expect(page).to_have_url(REVIEW_URL)
    entry = _review_entry(page, pasient)
    expect(entry).to_contain_text("Gjennomgått")
    expect(entry).to_contain_text(LEADER_NAME)
    expect(entry).to_contain_text(COMMENT)
    expect(entry.get_by_role("button", name="Marker som gjennomgått")).to_have_count(0)
    screenshot(page, "leder_gjennomgang.png")

    # then: stored and audited
    tilgang = UtvidetTilgang.objects.get(pasient=pasient, ansatt=nurse)
    assert tilgang.type == TilgangType.AKUTT
    assert tilgang.begrunnelse == REASON
    assert tilgang.gjennomgatt_at is not None
    assert tilgang.gjennomgatt_av_id == leader.pk
    assert tilgang.gjennomgang_kommentar == COMMENT
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.AKUTTILGANG_REVIEWED,  # 121
        pasient_id=pasient.pk,
        aktor_id=leader.pk,
        objekt_id=str(tilgang.pk),
    ).exists()


def test_on_a_phone_the_access_form_and_the_leader_page_fit_the_screen(
    phone_page: Page, nurse: Ansatt, leader: Ansatt, pasient_i_sone_sor: Pasient
) -> None:
    # given
    page = phone_page
    pasient = pasient_i_sone_sor
    _log_in(page, nurse, "sone nord")
    be_om_tilgang = _search_without_hit(page, pasient)

    # when
    be_om_tilgang.tap()

    # then: the form fits
    expect(page).to_have_url(FORM_URL)
    expect(page.get_by_role("button", name="Åpne journalen")).to_be_visible()
    assert scroll_width(page) <= PHONE_WIDTH
    screenshot(page, "mobil_tilgang_be_om.png")

    # when: refused for want of a reason
    _ask_for_emergency_access(page, "")

    # then: the form with its error still fits
    expect(page.get_by_role("alert")).to_contain_text("Akuttilgang krever en begrunnelse")
    assert scroll_width(page) <= PHONE_WIDTH

    # when: with a reason, then the leader takes over
    _ask_for_emergency_access(page, REASON)
    expect(page.get_by_test_id("pasientbanner")).to_contain_text("Akuttilgang")
    assert scroll_width(page) <= PHONE_WIDTH
    _log_out(page)
    _log_in(page, leader, "Hjemmetjenesten")
    _open_review_page(page)

    # then: the review list and the wide log table are there, yet the page does not scroll
    expect(_review_entry(page, pasient)).to_have_count(1)
    analyse = page.get_by_test_id("logganalyse")
    expect(analyse.get_by_role("row").filter(has_text=NURSE_NAME).first).to_be_attached()
    assert scroll_width(page) <= PHONE_WIDTH
    overflow: str = analyse.evaluate(
        "table => getComputedStyle(table.closest('.table-wrap')).overflowX"
    )
    assert overflow == "auto"
    screenshot(page, "mobil_tilgangskontroll.png")
