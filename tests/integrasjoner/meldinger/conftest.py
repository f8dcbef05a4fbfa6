"""Fixtures for the messaging slice: our unit on the HER-ids the official examples are
addressed to, patients from the examples' fødselsnummer, and the stand-in EDI service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.models import Ansatt, Enhet
from integrasjoner.kith.lib.xsd import EKSEMPEL_DIR
from integrasjoner.meldinger.models import EnhetHerId
from integrasjoner.standin.server import Standin
from journal.models import Pasient
from tests.conftest import actor
from tests.factories import PasientFactory
from tildeling.seeds import tjenestetyper_seed

# Every HER-id (sub-organisation or person) the examples are addressed to.
EKSEMPEL_HERIDER = ["5078", "91100", "91101", "90998", "91090"]
EKSEMPLER = sorted(EKSEMPEL_DIR.rglob("*.xml"))


def eksempel(navn: str) -> Path:
    return next(p for p in EKSEMPLER if p.name.startswith(navn))


def fnr_fodt(fnr: str) -> dt.date:
    """Birth date of one of the examples' (fictitious) persons, all born in the 1900s."""
    return dt.date(1900 + int(fnr[4:6]), int(fnr[2:4]), int(fnr[0:2]))


@pytest.fixture
def systembruker(enhet: Enhet) -> Ansatt:
    return actor(enhet, "sykepleier", first_name="Meldinger", last_name="System")


@pytest.fixture
def herider(enhet: Enhet, systembruker: Ansatt) -> list[EnhetHerId]:
    tjenestetyper_seed()
    return [
        EnhetHerId.objects.create(
            enhet=enhet, herid=h, tjenestetype="KP02", systembruker=systembruker
        )
        for h in EKSEMPEL_HERIDER
    ]


def pasient_fra(fnr: str, enhet: Enhet, **fields: Any) -> Pasient:
    existing = Pasient.objects.filter(identifikator=fnr).first()
    if existing is not None:
        return existing
    return PasientFactory(
        identifikator=fnr, fodselsdato=fnr_fodt(fnr), relasjon_til=enhet, **fields
    )


@pytest.fixture
def standin(settings: Any) -> Iterator[Standin]:
    server = Standin().start()
    settings.MELDINGER_URL = f"{server.url}/edi"
    try:
        yield server
    finally:
        server.close()
