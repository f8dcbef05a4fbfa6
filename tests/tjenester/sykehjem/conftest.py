"""A nursing home with two wards of the same municipality, their leaders and beds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from core.context import system_context
from core.klokke import idag
from core.models import Ansatt, Enhet, EnhetType
from journal.lib.timeplan import Timeplan
from journal.models import Frekvens, Pasient, Tiltak
from journal.services.tiltaksplan import tiltak_add, tiltaksplan_create
from tests.acting import acting_as
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory
from tjenester.sykehjem.models import Oppholdstype, Rom, Seng, Sengetype
from tjenester.sykehjem.services import opphold_create


def seng_make(avdeling: Enhet, rom: str, navn: str, type: str = Sengetype.LANGTID) -> Seng:
    """A bed (rooms are shared by name); straight in the database, as set-up data."""
    rom_obj, _created = Rom.objects.get_or_create(enhet=avdeling, navn=rom)
    seng: Seng = Seng.objects.create(rom=rom_obj, enhet=avdeling, navn=navn, type=type)
    seng.refresh_from_db()
    return seng


@pytest.fixture
def sykehjem(db: None) -> Enhet:
    unit: Enhet = EnhetFactory(navn="Solsiden sykehjem", type=EnhetType.SYKEHJEM)
    return unit


@pytest.fixture
def avdeling(sykehjem: Enhet) -> Enhet:
    unit: Enhet = EnhetFactory(
        navn="Solsiden avdeling 1",
        type=EnhetType.SYKEHJEMSAVDELING,
        forelder=sykehjem,
        virksomhet=sykehjem.virksomhet,
    )
    return unit


@pytest.fixture
def avdeling2(sykehjem: Enhet) -> Enhet:
    unit: Enhet = EnhetFactory(
        navn="Solsiden avdeling 2",
        type=EnhetType.SYKEHJEMSAVDELING,
        forelder=sykehjem,
        virksomhet=sykehjem.virksomhet,
    )
    return unit


@pytest.fixture
def leder(avdeling: Enhet) -> Ansatt:
    return actor(avdeling, "leder", username="avdleder", first_name="Ane", last_name="Leder")


@pytest.fixture
def leder2(avdeling2: Enhet) -> Ansatt:
    return actor(avdeling2, "leder", username="avdleder2")


@pytest.fixture
def sykepleier_avd(avdeling: Enhet) -> Ansatt:
    return actor(avdeling, "sykepleier", username="spl-avd")


@pytest.fixture
def senger(avdeling: Enhet) -> list[Seng]:
    return [
        seng_make(avdeling, "101", "A"),
        seng_make(avdeling, "101", "B"),
        seng_make(avdeling, "102", "A", Sengetype.KORTTID),
    ]


@pytest.fixture
def senger2(avdeling2: Enhet) -> list[Seng]:
    return [seng_make(avdeling2, "201", "A"), seng_make(avdeling2, "202", "A")]


@pytest.fixture
def beboer(db: None) -> Pasient:
    """A patient with no relation to the ward yet (a decision elsewhere)."""
    pasient: Pasient = PasientFactory(fornavn="Berit", etternavn="Beboer")
    return pasient


@pytest.fixture
def hfa_avd(avdeling: Enhet) -> Ansatt:
    return actor(avdeling, "helsefagarbeider", username="hfa-avd")


@dataclass
class Oppgaveoppsett:
    """Two residents of `avdeling` with care plans: Kari Østby (`pasient`, also related
    to the named actors' home-care unit) in 101 A with "Tilby drikke" at 08:00 and 20:00
    and "Inspiser huden" at no set time; Berit Beboer in 101 B with "Gi legemidler" at
    08:00 and a tiltak home care (`enhet`) is responsible for (not the ward's)."""

    kari: Pasient
    berit: Pasient
    drikke: Tiltak
    hud: Tiltak
    legemidler: Tiltak
    hjemme: Tiltak


def plan_with(
    ansatt: Ansatt, pasient: Pasient, tiltak: list[tuple[str, Enhet, tuple[dt.time, ...]]]
) -> list[Tiltak]:
    """A care plan with daily tiltak, made through journal's services as `ansatt`."""
    with acting_as(ansatt):
        plan = tiltaksplan_create(actor=ansatt, pasient_id=pasient.pk)
        return [
            tiltak_add(
                actor=ansatt,
                pasient_id=pasient.pk,
                plan_id=plan.pk,
                tekst=tekst,
                ansvarlig_enhet_id=enhet.pk,
                timeplan=Timeplan(frekvens=Frekvens.DAGLIG, tidspunkter=tider),
                start_dato=idag() - dt.timedelta(days=3),
            )
            for tekst, enhet, tider in tiltak
        ]


def resident(leder: Ansatt, seng: Seng, pasient: Pasient) -> None:
    with acting_as(leder):
        opphold_create(
            actor=leder,
            seng_id=seng.pk,
            pasient_id=pasient.pk,
            type=Oppholdstype.LANGTID,
            fra=idag() - dt.timedelta(days=30),
        )


@pytest.fixture
def oppgaver(
    leder: Ansatt,
    sykepleier_avd: Ansatt,
    avdeling: Enhet,
    enhet: Enhet,
    senger: list[Seng],
    pasient: Pasient,
    beboer: Pasient,
) -> Oppgaveoppsett:
    resident(leder, senger[0], pasient)
    resident(leder, senger[1], beboer)
    drikke, hud = plan_with(
        sykepleier_avd,
        pasient,
        [
            ("Tilby drikke", avdeling, (dt.time(8), dt.time(20))),
            ("Inspiser huden", avdeling, ()),
        ],
    )
    legemidler, hjemme = plan_with(
        sykepleier_avd,
        beboer,
        [
            ("Gi legemidler", avdeling, (dt.time(8),)),
            ("Hjemmebesøk", enhet, (dt.time(9),)),
        ],
    )
    return Oppgaveoppsett(pasient, beboer, drikke, hud, legemidler, hjemme)


def make(factory_class: Any, **fields: Any) -> Any:
    return factory_class(**fields)


__all__ = ["seng_make", "system_context"]
