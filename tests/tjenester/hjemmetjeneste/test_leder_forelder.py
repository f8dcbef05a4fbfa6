"""A leader acting in the parent unit (home care as a whole) sees the sum of the districts
below it (issue 14: the leader page said "Ingen avvik" while the district had one, and the
parent's day list showed 0 visits while the leader page counted them)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.klokke import idag
from core.models import Ansatt, Enhet, EnhetType
from journal.models import Pasient
from tests.conftest import actor, logged_in
from tests.factories import EnhetFactory
from tests.tjenester.hjemmetjeneste.factories import BesoekFactory
from tjenester.hjemmetjeneste.models import Avvik, AvvikKategori, Besoek

pytestmark = pytest.mark.django_db


@pytest.fixture
def hjemmetjenesten(enhet: Enhet) -> Enhet:
    """The parent of the district `enhet`."""
    forelder: Enhet = EnhetFactory(
        navn="Hjemmetjenesten", type=EnhetType.HJEMMETJENESTE, virksomhet=enhet.virksomhet
    )
    enhet.forelder = forelder
    enhet.save(update_fields=["forelder"])
    return forelder


@pytest.fixture
def overleder(hjemmetjenesten: Enhet) -> Ansatt:
    return actor(hjemmetjenesten, "leder", username="overleder")


def test_parent_leader_page_shows_the_districts_deviation(
    overleder: Ansatt, enhet: Enhet, pasient: Pasient, sykepleier: Ansatt
) -> None:
    # given: a deviation reported in the district
    Avvik.objects.create(
        pasient=pasient,
        enhet=enhet,
        kategori=AvvikKategori.FALL,
        tekst="Pasienten falt på badet.",
        meldt_av=sykepleier,
    )
    # when
    html = logged_in(overleder).get("/hjemmetjeneste/leder/").content.decode()
    # then: it is there, with its unit; the patient only where access allows
    assert "Ingen avvik." not in html
    assert html.count('data-testid="avvik-rad"') == 1
    assert "Fall eller skade" in html
    assert enhet.navn in html.split('data-testid="avvik"')[1]
    assert pasient.fullt_navn not in html.split('data-testid="avvik"')[1]


def test_parent_day_list_counts_the_districts_visits(
    overleder: Ansatt, enhet: Enhet, pasient: Pasient, sykepleier: Ansatt
) -> None:
    # given: three visits in the district today, one of them not assigned
    for hour, ansatt in ((8, sykepleier), (9, sykepleier), (10, None)):
        BesoekFactory(
            enhet=enhet,
            pasient=pasient,
            ansatt=ansatt,
            dato=idag(),
            fra_tid=dt.time(hour),
            til_tid=dt.time(hour, 45),
        )
    client = logged_in(overleder)
    # when
    day_list = client.get("/hjemmetjeneste/dagsliste/").content.decode()
    leader = client.get("/hjemmetjeneste/leder/").content.decode()
    # then: the same three on both pages
    assert 'data-testid="dagsliste-underenheter"' in day_list
    assert "3 besøk i distriktene denne dagen" in day_list
    assert "1 ikke tildelt" in day_list
    assert Besoek.objects.filter(enhet=enhet).count() == 3
    assert enhet.navn in leader
