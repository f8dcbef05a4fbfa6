"""GP office in the browser: the receptionist books a child with the GP and registers the
arrival; the GP opens the consultation from the waiting room, sets ICPC-2 T90, adds fee
code 2ad and sees the child's share is 0 (marked unverified), writes and signs the note."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.klokke import klokke_reset, klokke_set
from core.models import Ansatt, Enhet, EnhetType
from journal.models import Kode, Pasient
from tests.browser.conftest import NewPage, login, make, screenshot, submit_and_wait
from tests.conftest import actor
from tests.factories import EnhetFactory, NotattypeFactory, PasientFactory
from tjenester.legekontor.models import Ressurs, RessursType, Timemal
from tjenester.legekontor.seeds import takster_seed

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def dag() -> Iterator[dt.date]:
    """The clock at 09:00 Oslo time on a Wednesday some weeks ahead."""
    day = timezone.localdate() + dt.timedelta(days=21)
    day += dt.timedelta(days=(2 - day.weekday()) % 7)
    klokke_set(dt.datetime.combine(day, dt.time(9), tzinfo=OSLO) - timezone.now())
    yield day
    klokke_reset()


@pytest.fixture
def kontor(_seed_data: None) -> Enhet:
    unit: Enhet = make(EnhetFactory, navn="Sentrum legesenter", type=EnhetType.LEGEKONTOR)
    make(
        NotattypeFactory,
        kode="legenotat",
        navn="Legenotat",
        overskrifter=["Anamnese", "Funn", "Vurdering", "Tiltak"],
    )
    Kode.objects.get_or_create(kodeverk="ICPC-2", kode="T90", defaults={"tekst": "Diabetes type 2"})
    takster_seed()
    return unit


@pytest.fixture
def lege(kontor: Enhet) -> Ansatt:
    ansatt = actor(kontor, "lege", username="lk-lege", first_name="Lars", last_name="Lege")
    ressurs = Ressurs.objects.create(
        enhet=kontor, navn="Dr. Lege", type=RessursType.LEGE, ansatt=ansatt
    )
    for ukedag in range(7):
        Timemal.objects.create(
            ressurs=ressurs, ukedag=ukedag, fra=dt.time(8), til=dt.time(16), lengde_min=20
        )
    return ansatt


@pytest.fixture
def sekretaer(kontor: Enhet) -> Ansatt:
    return actor(kontor, "helsesekretaer", username="lk-sekr", first_name="Hege", last_name="Sekr")


@pytest.fixture
def barn(kontor: Enhet, dag: dt.date) -> Pasient:
    pasient: Pasient = make(
        PasientFactory,
        fornavn="Emil",
        etternavn="Lønneberg",
        fodselsdato=dag.replace(year=dag.year - 7),
    )
    return pasient


def test_receptionist_books_and_gp_signs_with_t90_and_a_childs_share_of_0(
    page: Page, new_page: NewPage, lege: Ansatt, sekretaer: Ansatt, barn: Pasient, dag: dt.date
) -> None:
    # the receptionist books Emil at 10:00 with the GP
    login(page, sekretaer.username)
    page.goto("/legekontor/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dr. Lege")
    page.get_by_label("Fødselsnummer").fill(barn.identifikator)
    page.get_by_label("Tidspunkt").fill(f"{dag.isoformat()}T10:00")
    page.get_by_label("Årsak til timen").fill("Tørst og trett")
    submit_and_wait(page, page.get_by_role("button", name="Book", exact=True))
    rad = page.get_by_test_id("time-rad").filter(has_text="Emil Lønneberg")
    expect(rad).to_contain_text("10:00")
    # and registers the arrival
    submit_and_wait(page, rad.get_by_role("button", name="Ankommet"))
    expect(page.get_by_test_id("time-rad").filter(has_text="Emil")).to_contain_text("Ankommet")
    screenshot(page, "legekontor-timebok.png")

    # the GP opens the consultation from the waiting room
    gp = new_page()
    login(gp, lege.username)
    gp.goto("/legekontor/venterom/")
    venter = gp.get_by_test_id("venterom-rad").filter(has_text="Emil Lønneberg")
    submit_and_wait(gp, venter.get_by_role("button", name="Åpne konsultasjon"))
    expect(gp).to_have_url(re.compile(r"/legekontor/konsultasjon/[0-9a-f-]{36}/$"))
    # ICPC-2 T90
    gp.locator("#id_diagnose_kode").fill("T90")
    submit_and_wait(gp, gp.get_by_role("button", name="Sett diagnose"))
    expect(gp.get_by_test_id("diagnoser")).to_contain_text("T90")
    # fee code 2ad: a child's share is 0, and the unverified amount is marked
    gp.locator("#id_takst_kode").fill("2ad")
    submit_and_wait(gp, gp.get_by_role("button", name="Legg til takst"))
    expect(gp.get_by_test_id("takstlinjer")).to_contain_text("2ad")
    expect(gp.get_by_test_id("egenandel")).to_have_text(re.compile(r"^0[,.]00 kr$"))
    expect(gp.get_by_test_id("uverifisert")).to_be_visible()
    expect(gp.get_by_text("Barn under 16 år")).to_be_visible()
    # writes and signs the note
    gp.get_by_label("Anamnese").fill("Tørst, trett, går ned i vekt.")
    gp.get_by_label("Vurdering").fill("Mistanke om diabetes, henvises.")
    submit_and_wait(gp, gp.get_by_role("button", name="Signer og avslutt"))
    expect(gp.get_by_test_id("k-status")).to_have_text("Signert")
    screenshot(gp, "legekontor-konsultasjon.png")
