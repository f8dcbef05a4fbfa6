"""The health station on a 360 px phone: the nurse opens the week's worklist, takes the
12-month consultation of a child, gives the vaccines that are due (reported to SYSVAK
through the outbox) and records the mother's refusal of the MMR vaccine."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.klokke import idag
from core.models import Ansatt, EnhetType, Utbokshendelse
from journal.models import Behandlingsrelasjon, Pasient, RelasjonGrunnlag
from tests.acting import acting_as
from tests.browser.conftest import login, make, menu_open, screenshot, scroll_width, submit_and_wait
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory
from tjenester.helsestasjon.lib.program import add_months, due_date
from tjenester.helsestasjon.models import Konsultasjon, Programpunkt, Vaksinasjon, Vaksinedose
from tjenester.helsestasjon.seeds import program_load, vaksineprogram_load
from tjenester.helsestasjon.services import (
    foresatt_add,
    innskrivning_create,
    konsultasjon_register,
    vaksinasjon_give,
)

PHONE_WIDTH = 360
FOER_12_MND = ["rota-1", "rota-2", "dtp-ipv-hib-hepb-1", "pkv-1", "dtp-ipv-hib-hepb-2", "pkv-2"]


@pytest.fixture
def nurse_and_child(_seed_data: None) -> tuple[Ansatt, Pasient]:
    """A health nurse and a child turning one today, whose first year went by the book."""
    program_load()
    vaksineprogram_load()
    stasjon = make(EnhetFactory, navn="Helsestasjonen i Kongsvinger", type=EnhetType.HELSESTASJON)
    nurse = actor(
        stasjon, "helsesykepleier", username="hsp-nett", first_name="Hanne", last_name="Helse"
    )
    born = add_months(idag(), -12)
    barn: Pasient = make(
        PasientFactory, fornavn="Emma", etternavn="Bakke", fodselsdato=born, kjonn="kvinne"
    )
    Behandlingsrelasjon.objects.create(
        pasient=barn, enhet=stasjon, grunnlag=RelasjonGrunnlag.MANUELL, begrunnelse="Registrert"
    )
    with acting_as(nurse, stasjon):
        innskrivning_create(actor=nurse, pasient_id=barn.pk, grunn="fodsel", fra_dato=born)
        foresatt_add(
            actor=nurse,
            pasient_id=barn.pk,
            navn="Mona Bakke",
            relasjon="Mor",
            foreldreansvar="felles",
            telefon="91234567",
        )
        for punkt in Programpunkt.objects.exclude(kode="12-mnd"):
            forfall = due_date(born, punkt.alder_enhet, punkt.alder_verdi)
            if forfall < idag() - dt.timedelta(days=7):
                konsultasjon_register(
                    actor=nurse,
                    pasient_id=barn.pk,
                    programpunkt_id=punkt.pk,
                    status="utfort",
                    dato=forfall,
                    notat="Normal utvikling.",
                )
        for kode in FOER_12_MND:
            dose = Vaksinedose.objects.get(kode=kode)
            forfall = due_date(born, dose.alder_enhet, dose.alder_verdi)
            vaksinasjon_give(
                actor=nurse,
                pasient_id=barn.pk,
                vaksinedose_id=dose.pk,
                preparat="Hexyon",
                batch=f"H{kode[-1]}",
                sted="munn" if kode.startswith("rota") else "laar_v",
                tidspunkt=timezone.make_aware(dt.datetime.combine(forfall, dt.time(10))),
            )
    return nurse, barn


def test_nurse_takes_the_12_month_consultation_gives_vaccines_and_records_a_refusal(
    phone_page: Page, nurse_and_child: tuple[Ansatt, Pasient]
) -> None:
    page = phone_page
    nurse, barn = nurse_and_child
    # given
    login(page, nurse.username)
    # when: the week's worklist, from the main menu
    menu_open(page)
    page.get_by_test_id("meny").get_by_role("link", name="Helsestasjon", exact=True).click()
    rad = page.get_by_test_id("arbeidsliste-rad")
    expect(rad).to_have_count(1)
    expect(rad).to_contain_text("Emma Bakke")
    expect(rad).to_contain_text("12 måneder")
    assert scroll_width(page) <= PHONE_WIDTH
    screenshot(page, "helsestasjon-arbeidsliste-360.png")
    rad.get_by_role("link", name="Emma Bakke").click()
    expect(page.get_by_test_id("punkt-12-mnd").get_by_test_id("status")).to_have_text("Denne uka")
    assert scroll_width(page) <= PHONE_WIDTH

    # the 12-month consultation, from its note template
    page.get_by_role("link", name="Ta konsultasjonen 12 måneder").click()
    notat = page.get_by_label("Notat")
    expect(notat).to_have_value(re.compile("Hørsel, blikkontakt og språkutvikling"))
    notat.fill(notat.input_value() + "\nGår langs møbler, sier «mamma». Trives.")
    assert scroll_width(page) <= PHONE_WIDTH
    submit_and_wait(page, page.get_by_role("button", name="Lagre konsultasjonen"))
    expect(page.locator(".messages")).to_contain_text("Konsultasjonen er registrert")
    expect(page.get_by_test_id("punkt-12-mnd").get_by_test_id("status")).to_have_text("Gjennomført")

    # the two vaccines due this week; the first one tried without a batch number
    for kode, preparat in (("dtp-ipv-hib-hepb-3", "Hexyon"), ("pkv-3", "Prevenar 13")):
        page.get_by_test_id(f"dose-{kode}").get_by_role("link", name="Gi vaksine").click()
        page.get_by_label("Preparat").fill(preparat)
        page.get_by_label("Lår, venstre").check()
        if kode.startswith("dtp"):
            submit_and_wait(page, page.get_by_role("button", name="Registrer vaksinen"))
            expect(page.get_by_text("Batchnummer må fylles ut.")).to_be_visible()
            expect(page.get_by_label("Preparat")).to_have_value(preparat)
        page.get_by_label("Batchnummer").fill("AB1234")
        submit_and_wait(page, page.get_by_role("button", name="Registrer vaksinen"))
        expect(page.locator(".messages")).to_contain_text("meldes til SYSVAK")
        expect(page.get_by_test_id(f"dose-{kode}").get_by_test_id("status")).to_have_text("Gitt")

    # the mother refuses the MMR vaccine (due at 15 months)
    page.get_by_test_id("dose-mmr-1").get_by_role("link", name="Reservasjon").click()
    page.get_by_label("Besluttet av").select_option(label="Mona Bakke (Mor)")
    page.get_by_label("Foresattes begrunnelse").fill("Ønsker å vente til høsten.")
    submit_and_wait(page, page.get_by_role("button", name="Registrer reservasjonen"))
    expect(page.get_by_test_id("dose-mmr-1").get_by_test_id("status")).to_have_text("Reservert")
    screenshot(page, "helsestasjon-barn-360.png")

    # then
    assert Konsultasjon.objects.filter(pasient=barn, programpunkt__kode="12-mnd").exists()
    gitt = Vaksinasjon.objects.filter(pasient=barn, status="gitt", batch="AB1234")
    assert sorted(gitt.values_list("vaksine", flat=True)) == ["DTP-IPV-Hib-HepB", "Pneumokokk"]
    assert all(v.registrert_av == nurse for v in gitt)
    reported = {
        e.payload["vaksinasjon_id"]
        for e in Utbokshendelse.objects.filter(hendelse="sysvak.vaksinasjon")
    }
    assert {str(v.pk) for v in gitt} <= reported
    assert Vaksinasjon.objects.get(pasient=barn, status="reservert").reservasjon_foresatt == (
        "Mona Bakke (Mor)"
    )
