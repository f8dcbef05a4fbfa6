"""Health-station fixtures: a station with its health nurse and a child enrolled there."""

from __future__ import annotations

import datetime as dt

import pytest

from core.klokke import idag
from core.models import Ansatt, Enhet, EnhetType
from journal.models import Kjoenn, Pasient
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory


@pytest.fixture
def stasjon(db: None) -> Enhet:
    return EnhetFactory(navn="Helsestasjonen i Kongsvinger", type=EnhetType.HELSESTASJON)


@pytest.fixture
def helsesykepleier(stasjon: Enhet) -> Ansatt:
    return actor(stasjon, "helsesykepleier", username="hsp1", first_name="Hege", last_name="Hs")


@pytest.fixture
def barn(stasjon: Enhet) -> Pasient:
    """A boy of about 14 months with a care relationship to the station."""
    return PasientFactory(
        fornavn="Ola",
        etternavn="Småbarn",
        kjonn=Kjoenn.MANN,
        fodselsdato=idag() - dt.timedelta(days=430),
        relasjon_til=stasjon,
    )


@pytest.fixture
def fremmed(annen_enhet: Enhet) -> Ansatt:
    """A nurse of another unit, without a care relationship to the child."""
    return actor(annen_enhet, "sykepleier", username="spl-fremmed")
