"""Assessment (kartlegging) in the browser, as a nurse of the patient's home-care unit.

She completes an IPLOS assessment on one page (radio groups, one per variable; one chosen
with the keyboard), sees it in the history, then prints the journal: the downloaded file is
a PDF with the patient's name and the assessments section. On a 360 px phone the form does
not scroll sideways and every answer is a large touch target.

No PDF text extractor is installed (no pypdf): the PDF check decompresses WeasyPrint's
streams and reads the document outline (its bookmarks are the print's headings, as UTF-16
strings), which holds the patient's name (h1) and the section headings (h2).
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from core.klokke import idag
from core.models import Ansatt
from journal.models import Kartlegging, KartleggingStatus, Pasient
from journal.seeds import skjema_load_all
from tests.browser.conftest import UNIT_NAME, login, screenshot, scroll_width, submit_and_wait
from tests.factories import IPLOS_SVAR

PHONE_WIDTH = 360
IPLOS_NAVN = [
    "1. Sosial deltakelse",
    "2. Skaffe seg varer og tjenester",
    "3. Beslutninger i dagliglivet",
    "4. Ivareta egen helse",
    "5. Bevege seg innendørs",
    "6. Alminnelig husarbeid",
    "7. Personlig hygiene",
    "8. På- og avkledning",
    "9. Lage mat",
    "10. Spise",
    "11. Toalett",
    "12. Bevege seg utendørs",
    "13. Syn",
    "14. Hørsel",
    "15. Hukommelse",
    "16. Kommunikasjon",
    "17. Styre atferd",
]


@pytest.fixture
def skjemaer(_seed_data: None) -> None:
    """The forms migration 0008 loads (a live server's flush removes them)."""
    skjema_load_all()


def _log_in(page: Page, ansatt: Ansatt) -> None:
    page.goto("/logg-inn/")
    login(page, ansatt.username)
    expect(page).to_have_url(re.compile(r"/pasienter/$"))
    expect(page.get_by_test_id("acting-unit")).to_contain_text(UNIT_NAME)


def _open_tab(page: Page, name: str) -> None:
    nav = page.get_by_role("navigation", name="Journalen")
    submit_and_wait(page, nav.get_by_role("link", name=name, exact=True))


def _pdf_strings(pdf: bytes) -> str:
    """The text strings of the PDF's objects (outline, metadata): its Flate streams
    decompressed, and UTF-16 hex strings (<feff…>) decoded."""
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    texts = []
    for chunk in chunks:
        for hexa in re.findall(rb"<feff([0-9a-fA-F]*)>", chunk):
            texts.append(bytes.fromhex(hexa.decode()).decode("utf-16-be"))
        texts += [m.decode("latin-1") for m in re.findall(rb"\(([^()\\]*)\)", chunk)]
    return "\n".join(texts)


def test_nurse_completes_iplos_sees_it_in_the_history_and_prints_the_journal(
    page: Page, sykepleier: Ansatt, kari_ostby: Pasient, skjemaer: None, tmp_path: Path
) -> None:
    # given
    _log_in(page, sykepleier)
    page.goto(f"/pasienter/{kari_ostby.pk}/oversikt/")
    _open_tab(page, "Kartlegging")
    expect(page.get_by_test_id("kartlegginger")).to_contain_text("Ingen kartlegginger ennå.")

    # when: starts a new IPLOS assessment
    submit_and_wait(page, page.get_by_test_id("ny-kartlegging"))
    submit_and_wait(page, page.get_by_role("link", name="IPLOS funksjonsvurdering"))
    skjema = page.get_by_test_id("kartlegging-skjema")
    groups = skjema.get_by_role("group")
    expect(groups).to_have_count(17)
    for index, navn in enumerate(IPLOS_NAVN):
        expect(groups.nth(index).locator("legend")).to_have_text(navn)

    # answers every variable; the first with the keyboard (arrow keys move between answers)
    first = skjema.get_by_role("group", name=IPLOS_NAVN[0])
    first.get_by_role("radio").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(first.get_by_role("radio", name=re.compile(r"^2 "))).to_be_checked()
    for navn, kode in zip(IPLOS_NAVN[1:], list(IPLOS_SVAR)[1:], strict=True):
        verdi = IPLOS_SVAR[kode]
        skjema.get_by_role("group", name=navn).get_by_role(
            "radio", name=re.compile(rf"^{verdi} ")
        ).check()
    skjema.get_by_label("Kommentar").fill("Kartlagt sammen med datteren.")
    screenshot(page, "kartlegging_iplos_utfylt.png")
    submit_and_wait(page, skjema.get_by_role("button", name="Fullfør kartleggingen"))

    # then: the completed assessment with the answers labelled
    expect(page.locator(".messages")).to_contain_text("Kartleggingen er fullført.")
    visning = page.get_by_test_id("kartlegging")
    expect(visning.get_by_role("heading", level=2)).to_contain_text("IPLOS funksjonsvurdering")
    expect(visning.get_by_test_id("svar")).to_contain_text("Ikke relevant")  # 12: 9
    expect(visning).to_contain_text("Kartlagt sammen med datteren.")
    kartlegging = Kartlegging.objects.get(pasient=kari_ostby)
    assert (kartlegging.status, kartlegging.svar, kartlegging.utfort_av_id) == (
        KartleggingStatus.FULLFORT,
        IPLOS_SVAR,
        sykepleier.pk,
    )

    # and in the history
    submit_and_wait(page, page.get_by_role("link", name="Alle kartlegginger"))
    rad = page.get_by_test_id("kartlegging-rad")
    expect(rad).to_have_count(1)
    expect(rad).to_contain_text("IPLOS funksjonsvurdering")
    expect(rad).to_contain_text(idag().strftime("%d.%m.%Y"))
    expect(rad).to_contain_text("Siri Sykepleier")

    # when: prints the journal (default period and parts)
    _open_tab(page, "Skriv ut")
    with page.expect_download() as download_info:
        page.get_by_test_id("utskrift-skjema").get_by_role("button", name="Lag PDF").click()
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)

    # then: a PDF with the patient's name and the assessments section
    pdf = target.read_bytes()
    assert download.suggested_filename.endswith(".pdf")
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 5_000
    text = _pdf_strings(pdf)
    assert kari_ostby.fullt_navn in text
    assert "Kartlegginger i perioden" in text


def test_on_a_phone_the_iplos_form_fits_the_screen_with_large_answers(
    phone_page: Page, sykepleier: Ansatt, kari_ostby: Pasient, skjemaer: None
) -> None:
    # given
    page = phone_page
    _log_in(page, sykepleier)

    # when
    page.goto(f"/pasienter/{kari_ostby.pk}/kartlegging/ny/?skjema=iplos")

    # then: no sideways scrolling, every answer at least 44 px high and as wide as the form
    skjema = page.get_by_test_id("kartlegging-skjema")
    expect(skjema.get_by_role("group")).to_have_count(17)
    assert scroll_width(page) <= PHONE_WIDTH
    heights = skjema.locator(".svarvalg label").evaluate_all(
        "labels => labels.map(l => l.getBoundingClientRect().height)"
    )
    assert len(heights) == 17 * 5 + 7
    assert min(heights) >= 44
    screenshot(page, "mobil_kartlegging_iplos.png")

    # when: sends it half done as a draft, then completes it with a missing answer
    skjema.get_by_role("group", name="10. Spise").get_by_role(
        "radio", name=re.compile(r"^1 ")
    ).check()
    submit_and_wait(page, skjema.get_by_role("button", name="Lagre utkast"))
    expect(page.locator(".messages")).to_contain_text("Utkastet er lagret.")
    submit_and_wait(page, page.get_by_role("button", name="Fullfør kartleggingen"))

    # then: the errors name each item, and the page still fits
    oppsummering = page.get_by_test_id("feiloppsummering")
    expect(oppsummering).to_contain_text("1 Sosial deltakelse: velg et svar.")
    expect(oppsummering).not_to_contain_text("10 Spise")
    assert scroll_width(page) <= PHONE_WIDTH
