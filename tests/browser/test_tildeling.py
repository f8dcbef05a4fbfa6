"""Tildeling end to end, as the case officer of an allocation office.

She registers an application for home nursing and practical help for a patient with
målform nynorsk, records an IPLOS assessment and links it to the case, decides one
granted (for the home-care district) and one refused, and downloads the nynorsk letter.
The district now has the patient (care relationship and service). After the controllable
clock moves forward and the nightly check runs, the expiring decision shows on her
worklist.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from playwright.sync_api import Page, expect

from core.klokke import idag, klokke_set
from core.models import Ansatt, Enhet, EnhetType
from journal.models import Behandlingsrelasjon, Maalform, Pasient, RelasjonGrunnlag, Tjeneste
from journal.seeds import skjema_load_all
from tests.browser.conftest import login, make, screenshot, submit_and_wait
from tests.conftest import actor
from tests.factories import IPLOS_SVAR, EnhetFactory, PasientFactory
from tildeling.models import SakDokument, Vedtak
from tildeling.seeds import tjenestetyper_seed
from tildeling.services.brev import vedtaksbrev_html
from tildeling.tasks import varsler_nattlig


@pytest.fixture
def kontor(enhet: Enhet) -> Enhet:
    tjenestetyper_seed()  # the live server's flush removed the migrations' catalogue
    skjema_load_all()  # and the assessment forms
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


@pytest.fixture
def olav(_seed_data: None) -> Pasient:
    pasient: Pasient = make(
        PasientFactory, fornavn="Olav", etternavn="Aasen", malform=Maalform.NYNORSK
    )
    return pasient


def _decide(page: Page, kode: str, fill: dict[str, str], utfall: str) -> None:
    submit_and_wait(page, page.get_by_test_id(f"vedtak-ny-{kode}"))
    page.get_by_label(utfall, exact=True).check()
    for label, value in fill.items():
        page.get_by_label(label).fill(value)
    submit_and_wait(page, page.get_by_role("button", name="Lagre utkast"))
    expect(page.get_by_test_id("vedtak-status")).to_have_text("Utkast")
    submit_and_wait(page, page.get_by_role("button", name="Fatt vedtak"))
    expect(page.get_by_text("Vedtaket er fattet.")).to_be_visible()
    expect(page.get_by_test_id("vedtak-status")).to_have_text("Fattet")


def test_application_to_decision_letter_and_expiry_alert(
    page: Page,
    new_page: object,
    saksbehandler: Ansatt,
    sykepleier: Ansatt,
    enhet: Enhet,
    olav: Pasient,
) -> None:
    # given
    login(page, "sara")
    submit_and_wait(page, page.get_by_role("link", name="Tildeling", exact=True))
    submit_and_wait(page, page.get_by_role("link", name="Registrer søknad"))
    # when: she registers the application
    page.get_by_label("Pasientens fødselsnummer").fill(olav.identifikator)
    page.get_by_label("Kom inn som").select_option("telefon")
    page.get_by_label("Helsetjenester i hjemmet (hjemmesykepleie)").check()
    page.get_by_label("Praktisk bistand – daglige gjøremål").check()
    submit_and_wait(page, page.get_by_role("button", name="Registrer søknad"))
    # then
    expect(page.get_by_text("Søknaden er registrert og saken opprettet.")).to_be_visible()
    expect(page.get_by_test_id("sak-status")).to_have_text("Mottatt")
    sak_url = page.url
    # when: she records an IPLOS assessment (the case gives her access to the record)
    submit_and_wait(page, page.get_by_role("link", name="Registrer IPLOS-kartlegging"))
    skjema = page.get_by_test_id("kartlegging-skjema")
    groups = skjema.get_by_role("group")
    expect(groups).to_have_count(17)
    for index, verdi in enumerate(IPLOS_SVAR.values()):
        groups.nth(index).get_by_role("radio", name=re.compile(rf"^{verdi} ")).check()
    submit_and_wait(page, skjema.get_by_role("button", name="Fullfør kartleggingen"))
    expect(page.locator(".messages")).to_contain_text("Kartleggingen er fullført.")
    page.goto(sak_url)
    submit_and_wait(page, page.get_by_role("button", name="Knytt siste kartlegging til saken"))
    expect(page.get_by_test_id("kartlegging")).to_contain_text("Knyttet til saken")
    # when: home nursing granted for 20 days for the district, practical help refused
    til = idag() + dt.timedelta(days=20)
    submit_and_wait(page, page.get_by_test_id("vedtak-ny-15"))
    page.get_by_label("Innvilget", exact=True).check()
    page.get_by_label("Omfang").fill("3")
    page.get_by_label("Fra", exact=True).fill(idag().isoformat())
    page.get_by_label("Til", exact=True).fill(til.isoformat())
    page.get_by_label("Utførende enhet").select_option(label=enhet.navn)
    page.get_by_label("Begrunnelse").fill("Treng hjelp med sårstell etter operasjon.")
    submit_and_wait(page, page.get_by_role("button", name="Lagre utkast"))
    submit_and_wait(page, page.get_by_role("button", name="Fatt vedtak"))
    expect(page.get_by_text("Vedtaket er fattet.")).to_be_visible()
    expect(page.get_by_test_id("tjenester")).to_contain_text(enhet.navn)
    innvilget = Vedtak.objects.get(pasient=olav, tjenestetype__kode="15")
    page.goto(sak_url)
    _decide(
        page,
        "1",
        {"Begrunnelse": "Du klarer det daglege husarbeidet sjølv."},
        utfall="Avslag",
    )
    page.goto(sak_url)
    expect(page.get_by_test_id("sak-status")).to_have_text("Vedtatt")
    # when: she downloads the letter (the browser's session)
    response = page.request.get(f"/tildeling/vedtak/{innvilget.pk}/brev.pdf")
    # then: a PDF, the stored one, in nynorsk
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    stored = SakDokument.objects.get(vedtak=innvilget)
    assert stored.sha256 == hashlib.sha256(body).hexdigest()
    tekst = " ".join(vedtaksbrev_html(innvilget).split())
    assert "Du har fått innvilga helsetenester i heimen" in tekst
    assert "Klagefristen er tre veker frå du fekk dette brevet" in tekst
    # and the home-care district now has the patient: relationship and service
    assert (
        Behandlingsrelasjon.objects.active()
        .filter(pasient=olav, enhet=enhet, grunnlag=RelasjonGrunnlag.VEDTAK)
        .exists()
    )
    assert Tjeneste.objects.filter(pasient=olav, enhet=enhet, status="aktiv").exists()
    nurse_page = new_page()  # type: ignore[operator]
    login(nurse_page, sykepleier.username)
    nurse_page.goto(f"/pasienter/{olav.pk}/")
    expect(nurse_page.get_by_role("heading", name="Olav Aasen")).to_be_visible()
    # when: time passes (the clock moves 5 days) and the nightly check runs
    page.goto("/tildeling/")
    expect(page.get_by_test_id("varsler")).to_have_count(0)
    klokke_set(dt.timedelta(days=5))
    varsler_nattlig()
    page.goto("/tildeling/")
    # then: the expiring decision is on her worklist
    varsler = page.get_by_test_id("varsler")
    expect(varsler).to_contain_text("Vedtak går ut")
    expect(varsler).to_contain_text("Olav Aasen")
    expect(varsler).to_contain_text(f"{til:%d.%m.%Y}")
    screenshot(page, "tildeling-arbeidsliste.png")
