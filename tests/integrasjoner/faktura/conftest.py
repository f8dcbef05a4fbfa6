"""A kommune with a nursing-home ward, its invoicing admin, residents with stays, the
seeded rates and G (a flush removes them), and a running stand-in economy system."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from core.context import system_context
from core.klokke import idag
from core.models import Ansatt, Enhet, EnhetType
from integrasjoner.faktura.models import Fakturakjoering, Inntektsgrunnlag
from integrasjoner.faktura.services import kjoering_run, kjoering_start
from integrasjoner.standin.server import Standin
from journal.models import Pasient
from tests.acting import acting_as
from tests.conftest import actor, seed_faktura
from tests.factories import EnhetFactory, PasientFactory
from tjenester.sykehjem.models import Fravaer, Opphold, OppholdStatus, Rom, Seng, Sengetype

JUNI = dt.date(2025, 6, 1)


@pytest.fixture
def avdeling(db: None) -> Enhet:
    seed_faktura()
    unit: Enhet = EnhetFactory(navn="Solsiden avdeling 1", type=EnhetType.SYKEHJEMSAVDELING)
    return unit


@pytest.fixture
def fakturaadmin(avdeling: Enhet) -> Ansatt:
    """The invoicing admin: the admin role in a unit of the kommune's virksomhet."""
    kontor: Enhet = EnhetFactory(
        navn="Økonomi", type=EnhetType.ADMINISTRASJON, virksomhet=avdeling.virksomhet
    )
    return actor(kontor, "admin", username="okonomi1", hpr_nummer=None, helsepersonellkategori="")


@pytest.fixture
def admin_annen_kommune(db: None) -> Ansatt:
    kontor: Enhet = EnhetFactory(navn="Annen kommune", type=EnhetType.ADMINISTRASJON)
    return actor(kontor, "admin", username="okonomi2", hpr_nummer=None, helsepersonellkategori="")


def beboer(navn: str = "Kari") -> Pasient:
    pasient: Pasient = PasientFactory(fornavn=navn, etternavn="Beboer")
    return pasient


def opphold_make(
    avdeling: Enhet,
    pasient: Pasient,
    type: str,
    fra: dt.date,
    til: dt.date | None = None,
    seng: str | None = None,
) -> Opphold:
    """A stay straight in the database, as set-up data (its own bed)."""
    rom, _created = Rom.objects.get_or_create(enhet=avdeling, navn="R1")
    bed = Seng.objects.create(
        rom=rom, enhet=avdeling, navn=seng or f"S-{pasient.pk}-{fra}", type=Sengetype.LANGTID
    )
    status = OppholdStatus.AVSLUTTET if til and til <= idag() else OppholdStatus.AKTIV
    opphold: Opphold = Opphold.objects.create(
        pasient=pasient, enhet=avdeling, type=type, fra=fra, til=til, seng=bed, status=status
    )
    return opphold


def fravaer_make(opphold: Opphold, type: str, fra: dt.date, til: dt.date | None) -> Fravaer:
    fravar: Fravaer = Fravaer.objects.create(
        pasient=opphold.pasient, enhet=opphold.enhet, opphold=opphold, type=type, fra=fra, til=til
    )
    return fravar


def inntekt_make(
    pasient: Pasient, aar: int, netto: str | None, husstand: str | None = None
) -> None:
    Inntektsgrunnlag.objects.create(
        pasient=pasient,
        aar=aar,
        netto_inntekt=Decimal(netto) if netto else None,
        husstandsinntekt=Decimal(husstand) if husstand else None,
    )


def run_month(
    admin: Ansatt, maned: dt.date, capture: Any, *, django_capture: Any = None
) -> Fakturakjoering:
    """Start the month as the admin, then compute it as the task would (no broker)."""
    with capture(execute=False), acting_as(admin):
        kjoring = kjoering_start(actor=admin, maned=maned)
    with system_context():
        kjoering_run(kjoring_id=kjoring.pk)
    kjoring.refresh_from_db()
    return kjoring


@pytest.fixture
def standin(settings: Any) -> Iterator[Standin]:
    server = Standin().start()
    settings.FAKTURA_URL = f"{server.url}/faktura"
    try:
        yield server
    finally:
        server.close()
