"""The response queue (responssenter) in the browser, as a nurse of the patient's unit.

She has /velferdsteknologi/ open when the alarm central posts a fall alarm through the
real signed API (HMAC, over HTTP to the live server): the alarm appears in her queue
without a reload (HTMX polling). She opens it, acknowledges it, and closes it with an
outcome and documentation written as a journal note; the signed note is then in the
patient's journal.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from core import http
from core.context import system_context
from core.klokke import naa
from core.models import Ansatt, Enhet
from integrasjoner.velferdsteknologi.lib.signatur import signed_headers
from integrasjoner.velferdsteknologi.models import Alarm, Avsendersystem, UtstyrType
from integrasjoner.velferdsteknologi.services import avsendersystem_create, utstyr_register
from journal.models import Journalnotat, NotatStatus, Pasient
from tests.browser.conftest import UNIT_NAME, login, screenshot, submit_and_wait
from tests.integrasjoner.conftest import seed_velferdsteknologi

QUEUE = "/velferdsteknologi/"
DOKUMENTASJON = "Fant bruker på badegulvet, hjulpet opp. Ingen synlige skader."
# Polling runs every 5 s (views.POLL_SECONDS): give the alarm two rounds to show.
POLL_WAIT_MS = 12_000


@pytest.fixture
def avsender(enhet: Enhet, kari_ostby: Pasient) -> tuple[Avsendersystem, str]:
    """The alarm central with a fall sensor on Kari Østby (note type and thresholds are
    seeded again: the live server's flush removed them)."""
    seed_velferdsteknologi()
    with system_context():
        avsender, hemmelighet = avsendersystem_create(
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
    return avsender, hemmelighet


def _post_fall_alarm(live_server: LiveServer, avsender: tuple[Avsendersystem, str]) -> None:
    body = json.dumps(
        {
            "hendelse_id": "fall-1",
            "type": "fall",
            "tidspunkt": naa().isoformat(),
            "utstyr_id": "FS-2001",
        }
    ).encode()
    headers = signed_headers(
        nokkel_id=avsender[0].nokkel_id,
        hemmelighet=avsender[1],
        body=body,
        tidspunkt=int(time.time()),
    )
    svar = http.request(
        "POST", f"{live_server.url}/api/v1/velferdsteknologi/hendelser/", body=body, headers=headers
    )
    assert svar.status == 201, svar.body


def test_nurse_sees_the_alarm_arrive_acknowledges_and_closes_it_into_the_journal(
    page: Page,
    live_server: LiveServer,
    sykepleier: Ansatt,
    kari_ostby: Pasient,
    avsender: tuple[Avsendersystem, str],
) -> None:
    # given the nurse has the response queue open, and it is empty
    page.goto("/logg-inn/")
    login(page, sykepleier.username)
    expect(page.get_by_test_id("acting-unit")).to_contain_text(UNIT_NAME)
    page.goto(QUEUE)
    expect(page.get_by_test_id("ingen-alarmer")).to_be_visible()
    page.evaluate("document.documentElement.dataset.samme = 'ja'")  # gone on a reload

    # when the alarm central posts a fall alarm through the signed API
    _post_fall_alarm(live_server, avsender)

    # then it appears in the queue without a reload
    rad = page.get_by_test_id("alarm-rad")
    expect(rad).to_have_count(1, timeout=POLL_WAIT_MS)
    expect(rad).to_contain_text("Kari Østby")
    expect(rad).to_contain_text("Åpen")
    expect(page.locator("html[data-samme='ja']")).to_have_count(1)
    screenshot(page, "responssenter-alarm.png")

    # when she opens it and acknowledges it
    submit_and_wait(page, rad.get_by_role("link"))
    expect(page.get_by_test_id("alarm")).to_contain_text("Kari Østby")
    submit_and_wait(page, page.get_by_test_id("kvitter"))
    # then it is hers
    expect(page.get_by_test_id("alarm-status")).to_contain_text("Kvittert")
    expect(page.get_by_test_id("alarm-status")).to_contain_text("Siri Sykepleier")
    expect(page.get_by_test_id("kvitter")).to_have_count(0)

    # when she closes it with the outcome and documentation, as a journal note
    skjema = page.get_by_test_id("lukk-skjema")
    skjema.get_by_label("Utrykning").check()
    skjema.get_by_label("Hva ble gjort").fill(DOKUMENTASJON)
    skjema.get_by_label("Skriv dette som journalnotat for pasienten").check()
    submit_and_wait(page, page.get_by_test_id("lukk"))

    # then she is back at the queue, which is empty, and the alarm is under handled ones
    expect(page.locator("main")).to_contain_text("Alarmen er håndtert og dokumentert.")
    expect(page.get_by_test_id("ingen-alarmer")).to_be_visible()
    lukket = page.get_by_test_id("lukkede-alarmer")
    expect(lukket).to_contain_text("Kari Østby")
    expect(lukket).to_contain_text("Utrykning")
    alarm = Alarm.objects.get(hendelse__ekstern_id="fall-1")
    assert alarm.notat_id is not None
    notat = Journalnotat.objects.get(pk=alarm.notat_id)
    assert (notat.pasient_id, notat.status, notat.forfatter_id) == (
        kari_ostby.pk,
        NotatStatus.SIGNERT,
        sykepleier.pk,
    )

    # and the closed alarm links to the note, which is in the patient's journal
    submit_and_wait(page, lukket.get_by_role("link", name="Fall"))
    expect(page.get_by_test_id("alarm-status")).to_contain_text("av Siri Sykepleier: Utrykning")
    submit_and_wait(page, page.get_by_test_id("notat-lenke"))
    expect(page).to_have_url(re.compile(rf"/pasienter/{kari_ostby.pk}/notater/{notat.pk}/$"))
    expect(page.locator("main")).to_contain_text(DOKUMENTASJON)
    page.goto(f"/pasienter/{kari_ostby.pk}/notater/")
    expect(page.get_by_test_id("notater")).to_contain_text("Fall – Utrykning")
