"""Home-care fixtures: a district with a nurse on shift and visits today."""

from __future__ import annotations

import datetime as dt

import pytest

from core.klokke import idag
from core.models import Ansatt, Enhet
from journal.models import Pasient
from tests.conftest import actor
from tests.factories import PasientFactory
from tests.tjenester.hjemmetjeneste.factories import (
    AdressepunktFactory,
    BesoekFactory,
    BesoeksoppgaveFactory,
    VaktFactory,
)
from tjenester.hjemmetjeneste.models import Besoek


@pytest.fixture
def sykepleier(enhet: Enhet) -> Ansatt:
    """A nurse of the district (PLAN and REGISTER_VISIT)."""
    return actor(enhet, "sykepleier", username="spl1", first_name="Siri", last_name="Sykepleier")


@pytest.fixture
def leder(enhet: Enhet) -> Ansatt:
    return actor(enhet, "leder", username="leder1", first_name="Lars", last_name="Leder")


@pytest.fixture
def besoek_i_dag(enhet: Enhet, pasient: Pasient, sykepleier: Ansatt) -> Besoek:
    besok: Besoek = BesoekFactory(
        enhet=enhet,
        pasient=pasient,
        ansatt=sykepleier,
        dato=idag(),
        fra_tid=dt.time(8),
        til_tid=dt.time(9),
    )
    BesoeksoppgaveFactory(besok=besok, tekst="Gi morgenmedisin")
    BesoeksoppgaveFactory(besok=besok, tekst="Ta på støttestrømper")
    AdressepunktFactory(pasient=pasient, enhet=enhet, adresse="Storgata 1, 2211 Kongsvinger")
    VaktFactory(ansatt=sykepleier, enhet=enhet)
    return besok


def many_visits(enhet: Enhet, sykepleier: Ansatt, count: int) -> list[Besoek]:
    visits: list[Besoek] = []
    for i in range(count):
        pasient = PasientFactory(relasjon_til=enhet)
        AdressepunktFactory(pasient=pasient, enhet=enhet, lat=60.19 + i * 0.001)
        b = BesoekFactory(
            enhet=enhet,
            pasient=pasient,
            ansatt=sykepleier if i % 2 else None,
            dato=idag(),
            fra_tid=dt.time(7 + i % 10),
            til_tid=dt.time(8 + i % 10),
        )
        BesoeksoppgaveFactory(besok=b)
        visits.append(b)
    return visits
