"""Fixtures for claims to HELFO: a GP office with org.nr and HER-id, its GP (with an HPR
number) and a GP without access elsewhere, a running HELFO stand-in, and bills to claim."""

from __future__ import annotations

import datetime as dt
import importlib
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from core.identifikatorer import control_digits
from core.models import Ansatt, Enhet, EnhetType
from integrasjoner.helfo.lib.krav import OSLO, Kravhode, Regning, Takst
from integrasjoner.standin.server import Standin
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory

KONTOR_HER_ID = 8_140_001


def fnr(dag: int = 1, maned: int = 1, aar: int = 85, nr: int = 123) -> str:
    """A synthetic (Tenor: month + 80) fødselsnummer with valid check digits; `nr` is
    moved on until the check digits exist."""
    while True:
        ni = f"{dag:02d}{maned + 80:02d}{aar:02d}{nr:03d}"
        kontroll = control_digits(ni)
        if kontroll is not None:
            return ni + kontroll
        nr += 1


def regning(
    nr: int = 1,
    *,
    takster: tuple[tuple[str, str], ...] = (("2ad", "199.00"),),
    egenandel: str = "100.00",
    kode_egenandel: str = "",
    diagnoser: tuple[str, ...] = ("T90",),
    fodselsnr: str | None = None,
    merknad: str = "",
) -> Regning:
    return Regning(
        guid=uuid.uuid4(),
        regning_nr=str(nr),
        fnr=fodselsnr or fnr(nr=100 + nr * 7),
        tidspunkt=dt.datetime(2026, 11, 30, 9, 0, tzinfo=OSLO) + dt.timedelta(minutes=20 * nr),
        diagnoser=diagnoser,
        takster=tuple(Takst(kode=k, verdi=Decimal(v)) for k, v in takster),
        egenandel=Decimal(egenandel),
        kode_egenandel=kode_egenandel,
        merknad=merknad,
    )


def hode(*regninger: Regning, **fields: Any) -> Kravhode:
    base: dict[str, Any] = {
        "krav_id": uuid.uuid4(),
        "generert": dt.datetime(2026, 12, 5, 10, 0, tzinfo=OSLO),
        "fra": dt.date(2026, 11, 30),
        "til": dt.date(2026, 12, 6),
        "behandler_hpr": "9144889",
        "behandler_etternavn": "Lege",
        "behandler_fornavn": "Lise",
        "kontor_navn": "Nordbyen legekontor",
        "kontor_orgnr": "974760673",
        "kontor_her_id": KONTOR_HER_ID,
        "regninger": regninger,
    }
    return Kravhode(**(base | fields))


@pytest.fixture(autouse=True)
def _notattyper(db: None) -> None:
    """The note types journal's migration 0006 seeds (the GP's «Legenotat» among them): a
    browser test's flush removes them, and tests/conftest.py does not put them back."""
    from django.apps import apps

    module = importlib.import_module("journal.migrations.0006_notat_uforanderlig_og_notattyper")
    module.seed(apps, None)
    # likewise the code list's start set may be gone: T90 is what the tests diagnose
    from journal.models import Kode

    Kode.objects.update_or_create(
        kodeverk="ICPC-2", kode="T90", defaults={"tekst": "Diabetes type 2", "aktiv": True}
    )


@pytest.fixture
def helfo_standin(settings: Any) -> Iterator[Standin]:
    server = Standin().start()
    settings.HELFO_URL = f"{server.url}/helfo"
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def kontor(db: None) -> Enhet:
    return EnhetFactory(
        navn="Nordbyen legekontor",
        type=EnhetType.LEGEKONTOR,
        organisasjonsnummer="974760673",
        her_id=KONTOR_HER_ID,
    )


@pytest.fixture
def fastlege(kontor: Enhet) -> Ansatt:
    return actor(
        kontor,
        "lege",
        username="fastlege1",
        helsepersonellkategori="LE",
        first_name="Lise",
        last_name="Lege",
        hpr_nummer="9144889",
    )


@pytest.fixture
def annen_lege(db: None) -> Ansatt:
    annet = EnhetFactory(navn="Sørbyen legekontor", type=EnhetType.LEGEKONTOR)
    return actor(annet, "lege", username="fastlege2", helsepersonellkategori="LE")


@pytest.fixture
def sekretaer_uten_signering(kontor: Enhet) -> Ansatt:
    """A role in the office that may read patients but not sign (no claims)."""
    from tests.integrasjoner.conftest import rolle_med

    rolle_med("resepsjon_test", ["search_patient"])
    return actor(kontor, "resepsjon_test", username="resepsjon1")


def pasient_med_fnr(kontor: Enhet, fodselsnr: str) -> Any:
    return PasientFactory(identifikator=fodselsnr, relasjon_til=kontor)


__all__ = ["fnr", "hode", "pasient_med_fnr", "regning", "timezone"]
