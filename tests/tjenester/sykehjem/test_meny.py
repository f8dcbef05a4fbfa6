"""The nursing-home menu offers only what the person may use in the unit they act in, and
every page it offers answers 200 (issue 14: "Ny innleggelse", "Rom og senger" and "Vakter"
answered 403 to a ward nurse, and the whole sub-menu 400 to a leader acting in home care).
"Legg inn" from the waiting list carries the long-term stay type and the decision."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from core.context import system_context
from core.klokke import idag
from core.models import Ansatt, Enhet, EnhetType
from journal.models import Pasient, Tjeneste
from journal.services.tjeneste import TjenesteData, tjeneste_start
from tests.acting import acting_as
from tests.conftest import actor, logged_in
from tests.factories import EnhetFactory
from tjenester.sykehjem.models import Seng
from tjenester.sykehjem.services import venteliste_create

pytestmark = pytest.mark.django_db


def _langtid(pasient: Pasient, avdeling: Enhet) -> Tjeneste:
    with system_context():
        return tjeneste_start(
            actor=None,
            pasient_id=pasient.pk,
            enhet_id=avdeling.pk,
            data=TjenesteData(tjenestetype_kode="21", navn="Langtidsopphold", fra_dato=idag()),
        )


def _sub_menu(client: Client, url: str = "/sykehjem/belegg/") -> dict[str, str]:
    page = client.get(url).content.decode()
    nav = re.search(r'<nav class="shj-nav".*?</nav>', page, re.S)
    assert nav is not None
    return {
        re.sub(r"\s+", " ", label).strip(): href
        for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav.group(0))
    }


def _all_answer_200(client: Client, links: dict[str, str]) -> dict[str, int]:
    return {label: client.get(href).status_code for label, href in links.items()}


def test_ward_nurse_sees_no_admission_beds_or_shifts_and_every_entry_opens(
    sykepleier_avd: Ansatt, senger: list[Seng]
) -> None:
    client = logged_in(sykepleier_avd)
    # when
    links = _sub_menu(client)
    # then
    assert set(links) == {"Belegg", "Oppgaver", "Venteliste"}
    assert set(_all_answer_200(client, links).values()) == {200}


def test_ward_leader_sees_the_whole_menu_and_every_entry_opens(
    leder: Ansatt, senger: list[Seng]
) -> None:
    client = logged_in(leder)
    # when
    links = _sub_menu(client)
    # then
    assert set(links) == {
        "Belegg",
        "Oppgaver",
        "Venteliste",
        "Ny innleggelse",
        "Rom og senger",
        "Vakter",
    }
    assert set(_all_answer_200(client, links).values()) == {200}


def test_leader_acting_in_home_care_gets_no_ward_pages_and_no_admit_links(
    avdeling: Enhet, senger: list[Seng], beboer: Pasient
) -> None:
    # given: a leader of home care (with the right to manage stays) and a waiting patient
    hjemmetjeneste = EnhetFactory(
        navn="Hjemmetjenesten", type=EnhetType.HJEMMETJENESTE, virksomhet=avdeling.virksomhet
    )
    leder_ht = actor(hjemmetjeneste, "leder", username="leder-ht")
    avdelingsleder = actor(avdeling, "leder", username="leder-avd2")
    _langtid(beboer, avdeling)
    with acting_as(avdelingsleder):
        venteliste_create(actor=avdelingsleder, pasient_id=beboer.pk)
    client = logged_in(leder_ht)
    # when
    links = _sub_menu(client)
    board = client.get("/sykehjem/belegg/").content.decode()
    waiting = client.get("/sykehjem/venteliste/").content.decode()
    # then
    assert set(links) == {"Belegg", "Venteliste"}
    assert set(_all_answer_200(client, links).values()) == {200}
    assert "/sykehjem/opphold/ny/" not in board
    assert "/sykehjem/opphold/ny/" not in waiting


def test_admit_from_the_waiting_list_carries_long_term_and_the_decision(
    leder: Ansatt, avdeling: Enhet, senger: list[Seng], beboer: Pasient
) -> None:
    # given: Berit is granted a long-term place (IPLOS 21) and waits for it
    vedtak = _langtid(beboer, avdeling)
    with acting_as(leder):
        oppforing = venteliste_create(actor=leder, pasient_id=beboer.pk)
    client = logged_in(leder)
    waiting = client.get("/sykehjem/venteliste/").content.decode()
    link = re.search(r'href="(/sykehjem/opphold/ny/\?venteliste=[^"]+)"', waiting)
    assert link is not None
    # when
    form = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    # then
    assert f'<option value="{oppforing.pk}" selected>' in form
    assert '<option value="langtid" selected>Langtidsopphold</option>' in form
    assert f'<option value="{vedtak.pk}" selected>Berit Beboer: Langtidsopphold' in form
