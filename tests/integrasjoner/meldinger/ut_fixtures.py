"""Fixtures for outgoing messages (meldinger_ut): a stand-in with the EDI message service
and the address register, an address book for a home-care unit, a hospital ward and a GP,
and a nurse. Imported by the test modules (`from ...ut_fixtures import *`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from core.models import Ansatt, Enhet
from integrasjoner.meldinger.models import Kilde, Kommunikasjonspart, Tjenestetype
from integrasjoner.standin.server import Standin
from journal.models import Pasient
from tests.conftest import actor
from tests.factories import AnsattFactory

GP_HPR = "1234567"


@pytest.fixture
def edi(settings: Any) -> Iterator[Standin]:
    server = Standin().start()
    settings.MELDINGER_URL = f"{server.url}/edi"
    settings.ADRESSEREGISTER_URL = f"{server.url}/adresseregister"
    try:
        yield server
    finally:
        server.close()


@dataclass
class Adressebok:
    hjemmetjeneste: Kommunikasjonspart
    sykehus: Kommunikasjonspart
    fastlege: Kommunikasjonspart


def part(**fields: Any) -> Kommunikasjonspart:
    defaults: dict[str, Any] = {
        "forelder_herid": "8100000",
        "forelder_navn": "Testkommune helse og omsorg",
        "kilde": Kilde.MANUELL,
    }
    return Kommunikasjonspart.objects.create(**{**defaults, **fields})


@pytest.fixture
def adressebok(enhet: Enhet, pasient: Pasient) -> Adressebok:
    """Our home-care unit (sykepleietjeneste), a hospital ward, and the patient's GP."""
    pasient.fastlege = AnsattFactory(
        first_name="Frida", last_name="Fastlege", hpr_nummer=GP_HPR, helsepersonellkategori="LE"
    )
    pasient.save(update_fields=["fastlege"])
    return Adressebok(
        hjemmetjeneste=part(
            herid="8100001",
            navn="Sykepleietjeneste PLO",
            tjenestetype=Tjenestetype.SYKEPLEIETJENESTE,
            enhet=enhet,
        ),
        sykehus=part(
            herid="8200010",
            navn="Medisinsk sengepost",
            forelder_herid="8200000",
            forelder_navn="Testsykehuset HF",
        ),
        fastlege=part(
            herid="8300011",
            navn="Fastlege Frida",
            forelder_herid="8300000",
            forelder_navn="Torget legesenter",
            hpr_nummer=GP_HPR,
        ),
    )


@pytest.fixture
def sykepleier(enhet: Enhet) -> Ansatt:
    return actor(
        enhet,
        "sykepleier",
        username="spl_ut",
        first_name="Gunn",
        last_name="Omsorg",
        helsepersonellkategori="SP",
        hpr_nummer="9876543",
    )


__all__ = ["GP_HPR", "Adressebok", "adressebok", "edi", "part", "sykepleier"]
