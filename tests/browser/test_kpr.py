"""KPR report in a browser on a 360 px phone: the case officer finds «KPR-rapport» in the menu,
is told in Norwegian that a period without data has nothing to report, orders a period with
data, sees its progress and the person missing an assessment with a link to fix it; both
pages fit the phone and axe-core finds no serious or critical violation."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from core.context import system_context
from core.models import Ansatt, Enhet, EnhetType
from integrasjoner.kpr.models import Kprrapport
from integrasjoner.kpr.services import rapport_build
from tests.browser.conftest import (
    NewPage,
    login,
    make,
    menu_open,
    screenshot,
    scroll_width,
    submit_and_wait,
)
from tests.browser.test_persona_crawl import AXE, FAIL_IMPACTS
from tests.conftest import actor
from tests.factories import EnhetFactory
from tests.integrasjoner.kpr.conftest import grunnlag_make
from tildeling.models import Tjenestetype
from tildeling.seeds import tjenestetyper_seed


@pytest.fixture
def kontor(enhet: Enhet) -> Enhet:
    office: Enhet = make(
        EnhetFactory,
        navn="Tildelingskontoret",
        type=EnhetType.TILDELINGSKONTOR,
        virksomhet=enhet.virksomhet,
    )
    return office


@pytest.fixture
def saksbehandler(kontor: Enhet) -> Ansatt:
    return actor(kontor, "saksbehandler", username="sara-kpr", first_name="Sara", last_name="Sak")


def _axe_serious(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
    )
    return [v for v in found if v["impact"] in FAIL_IMPACTS]


def test_the_case_officer_builds_a_report_on_a_phone(
    new_page: NewPage, saksbehandler: Ansatt, kontor: Enhet, enhet: Enhet
) -> None:
    # bypass_csp: axe-core is injected by the test; our pages allow no inline script
    page = new_page(viewport={"width": 360, "height": 740}, bypass_csp=True)
    tjenestetyper_seed()
    katalog = {t.kode: t for t in Tjenestetype.objects.all()}
    avdeling: Enhet = make(
        EnhetFactory,
        navn="Avdeling 1",
        type=EnhetType.SYKEHJEMSAVDELING,
        virksomhet=enhet.virksomhet,
    )
    # given Kari (assessed) and Ola (not assessed) recorded 100 days ago
    grunnlag_make(saksbehandler, kontor, enhet, avdeling, katalog)
    grunnlag_make(
        saksbehandler, kontor, enhet, avdeling, katalog, med_kartlegging=False, fornavn="Ola"
    )
    page.goto("/logg-inn/")
    login(page, saksbehandler.username)
    menu_open(page)
    submit_and_wait(page, page.get_by_role("link", name="KPR-rapport"))
    expect(page).to_have_url(re.compile(r"/kpr/$"))
    # when a period without data is asked for
    page.get_by_label("Fra og med").fill("2020-01-01")
    page.get_by_label("Til og med").fill("2020-12-31")
    submit_and_wait(page, page.get_by_role("button", name="Bygg rapporten"))
    # then it is told so, and nothing is built
    expect(page.get_by_test_id("skjemafeil")).to_contain_text("Det er ingenting å rapportere")
    assert not Kprrapport.objects.exists()
    assert _axe_serious(page) == []
    # when the period with data is ordered
    fra = page.evaluate("new Date(Date.now() - 120*864e5).toISOString().slice(0, 10)")
    til = page.evaluate("new Date(Date.now() - 31*864e5).toISOString().slice(0, 10)")
    page.get_by_label("Fra og med").fill(fra)
    page.get_by_label("Til og med").fill(til)
    submit_and_wait(page, page.get_by_role("button", name="Bygg rapporten"))
    expect(page.get_by_test_id("status")).to_contain_text("I kø")
    # and the worker builds it
    with system_context():
        rapport_build(rapport_id=Kprrapport.objects.get().pk)
    # then the page updates itself and lists Ola with a link to the assessment form
    expect(page.get_by_test_id("status")).to_contain_text("Klar til sending", timeout=10_000)
    page.reload()
    rad = page.get_by_test_id("mangel-rad")
    expect(rad).to_contain_text("Bruker, Ola: Mangler IPLOS-kartlegging")
    expect(rad.get_by_role("link", name="Rett")).to_have_attribute(
        "href", re.compile(r"/kartlegging/ny/$")
    )
    assert scroll_width(page) <= 360
    assert _axe_serious(page) == []
    screenshot(page, "kpr-rapport-telefon.png")
