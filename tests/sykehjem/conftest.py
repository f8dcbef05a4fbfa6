"""A nursing home with two wards of the same municipality, their leaders and beds."""

from __future__ import annotations

from typing import Any

import pytest

from core.context import system_context
from core.models import Ansatt, Enhet, EnhetType
from journal.models import Pasient
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory
from tjenester.sykehjem.models import Rom, Seng, Sengetype


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


def make(factory_class: Any, **fields: Any) -> Any:
    return factory_class(**fields)


__all__ = ["seng_make", "system_context"]
