"""Messages in the browser (issue 17, "done means"): a hospital's Helseopplysninger ved søknad
has become an application the case officer finds in her work list, with the message
attached; a GP's dialog message shows in the home-care unit's inbox, and a nurse answers it
from the patient's conversation page (on a 360 px phone, without sideways scrolling)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from core.context import system_context
from core.models import Ansatt, Enhet, EnhetType
from integrasjoner.meldinger.models import Dialogmelding, Retning
from integrasjoner.meldinger.services import enhet_herid_save, melding_receive
from journal.models import Pasient
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
from tests.factories import EnhetFactory, PasientFactory
from tests.integrasjoner.meldinger.conftest import eksempel, fnr_fodt
from tildeling.seeds import tjenestetyper_seed

SVAR = "Takk. Vi måler blodtrykket morgen og kveld og sender verdiene fredag."


@pytest.fixture
def kontor(enhet: Enhet) -> Enhet:
    tjenestetyper_seed()  # the live server's flush removed the migrations' catalogue
    office: Enhet = make(
        EnhetFactory,
        navn="Tildelingskontoret",
        type=EnhetType.TILDELINGSKONTOR,
        virksomhet=enhet.virksomhet,
    )
    return office


@pytest.fixture
def saksbehandler(kontor: Enhet) -> Ansatt:
    return actor(kontor, "saksbehandler", username="sara", first_name="Sara", last_name="Sak")


def _pasient(fnr: str, fornavn: str, etternavn: str, enhet: Enhet) -> Pasient:
    p: Pasient = make(
        PasientFactory,
        identifikator=fnr,
        fodselsdato=fnr_fodt(fnr),
        fornavn=fornavn,
        etternavn=etternavn,
        relasjon_til=enhet,
    )
    return p


@pytest.fixture
def meldinger_mottatt(enhet: Enhet, kontor: Enhet, sykepleier: Ansatt) -> tuple[Pasient, Pasient]:
    """The hospital's application to the office's HER-id, the GP's dialog to the zone's."""
    gry = _pasient("12057900499", "Gry", "Telokk", enhet)
    line = _pasient("13116900216", "Line", "Danser", enhet)
    with system_context():
        for herid, unit in (("5078", kontor), ("90998", enhet)):
            enhet_herid_save(
                actor=None,
                enhet_id=unit.pk,
                herid=herid,
                tjenestetype="KP02",
                systembruker_id=sykepleier.pk,
            )
        for navn in ("Helseopplysninger_Varsel", "Helsefaglig"):
            melding_receive(xml=eksempel(navn).read_bytes())
    return gry, line


def test_case_officer_finds_the_application_from_the_hospitals_message(
    page: Page, saksbehandler: Ansatt, meldinger_mottatt: tuple[Pasient, Pasient]
) -> None:
    gry, _line = meldinger_mottatt
    # given
    login(page, "sara")
    # when she opens her work list
    submit_and_wait(page, page.get_by_role("link", name="Tildeling", exact=True))
    # then the application from the hospital is there; it opens with the message attached
    submit_and_wait(page, page.get_by_role("link", name=f"{gry.fornavn} {gry.etternavn}"))
    expect(page.locator("main")).to_contain_text("Helseopplysninger ved søknad (PLO)")
    # and the office's inbox shows what the message became
    submit_and_wait(page, page.get_by_role("link", name="Meldinger", exact=True))
    rad = page.get_by_test_id("melding-rad")
    expect(rad).to_contain_text("HELSEOPPL_SOKNAD")
    expect(rad).to_contain_text("Søknad registrert med meldingen som vedlegg")
    # which links back to the case
    submit_and_wait(
        page, rad.get_by_role("link", name="Søknad registrert med meldingen som vedlegg")
    )
    expect(page.get_by_test_id("sak-status")).to_have_text("Mottatt")


def test_nurse_answers_the_gps_dialog_message_on_a_phone(
    new_page: NewPage, sykepleier: Ansatt, meldinger_mottatt: tuple[Pasient, Pasient]
) -> None:
    page = new_page(**PHONE, device_scale_factor=2)
    _gry, line = meldinger_mottatt
    # given
    login(page, sykepleier.username)
    menu_open(page)
    submit_and_wait(page, page.get_by_role("link", name="Meldinger", exact=True))
    rad = page.get_by_test_id("melding-rad")
    expect(rad).to_contain_text("DIALOG_HELSEFAGLIG")
    assert scroll_width(page) <= 360
    # when she opens the conversation and answers
    submit_and_wait(page, rad.get_by_role("link", name="Dialogmelding: EKG tatt i dag"))
    samtale = page.get_by_test_id("samtale")
    expect(samtale).to_contain_text("Ettersender EKG tatt i dag uten funn")
    samtale.get_by_label("Svar").fill(SVAR)
    submit_and_wait(page, samtale.get_by_role("button", name="Send svar"))
    # then the answer is in the conversation, on its way to the GP
    expect(page.locator("main")).to_contain_text("Svaret er lagret og sendes til mottakeren.")
    expect(page.get_by_test_id("dialogmelding").last).to_contain_text(SVAR)
    assert scroll_width(page) <= 360
    screenshot(page, "meldinger-samtale-telefon.png")
    ut = Dialogmelding.objects.get(retning=Retning.UT)
    assert ut.samtale.pasient_id == line.pk
    assert ut.skrevet_av_id == sykepleier.pk
