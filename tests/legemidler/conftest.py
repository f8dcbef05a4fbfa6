"""A nursing-home ward with a doctor, a nurse and a resident, and the demo catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from core.models import Ansatt, Enhet, EnhetType
from journal.models import Pasient
from legemidler.models import Legemiddel
from legemidler.services import katalog_demo_load
from tests.acting import acting_as
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory


@pytest.fixture
def avdeling(db: None) -> Enhet:
    unit: Enhet = EnhetFactory(navn="Solsiden avdeling 1", type=EnhetType.SYKEHJEMSAVDELING)
    return unit


@pytest.fixture
def lege(avdeling: Enhet) -> Ansatt:
    return actor(
        avdeling,
        "lege",
        username="tilsynslege",
        helsepersonellkategori="LE",
        first_name="Lars",
        last_name="Lege",
    )


@pytest.fixture
def sykepleier(avdeling: Enhet) -> Ansatt:
    return actor(avdeling, "sykepleier", username="spl", first_name="Siri", last_name="Pleier")


@pytest.fixture
def leder(avdeling: Enhet) -> Ansatt:
    return actor(avdeling, "leder", username="leder", helsepersonellkategori="", hpr_nummer=None)


@pytest.fixture
def beboer(avdeling: Enhet) -> Pasient:
    pasient: Pasient = PasientFactory(fornavn="Olga", etternavn="Beboer", relasjon_til=avdeling)
    return pasient


@pytest.fixture
def fremmed_pasient(db: None) -> Pasient:
    """A patient of another unit: missing for the ward's staff."""
    annen: Enhet = EnhetFactory(navn="Hjemmetjenesten sør", type=EnhetType.HJEMMETJENESTE_SONE)
    pasient: Pasient = PasientFactory(relasjon_til=annen)
    return pasient


@pytest.fixture
def katalog(db: None) -> None:
    katalog_demo_load()


def lm(varenavn: str) -> Legemiddel:
    return Legemiddel.objects.get(varenavn=varenavn)


@pytest.fixture
def som_lege(lege: Ansatt, avdeling: Enhet) -> Iterator[Any]:
    with acting_as(lege, avdeling) as ctx:
        yield ctx
