"""Fixtures for tildeling: an allocation office with two case officers, a home-care
district, a patient the office does not yet know, and helpers to get to a decision."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest

from core.context import system_context
from core.klokke import idag
from core.models import Ansatt, Enhet, EnhetType
from journal.models import Maalform, Pasient
from tests.acting import acting_as
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory
from tildeling.models import Sak, Tjenestetype, Vedtak
from tildeling.seeds import tjenestetyper_seed
from tildeling.services.sak import SoeknadData, soeknad_create
from tildeling.services.vedtak import VedtakData, vedtak_decide, vedtak_draft_create


@pytest.fixture
def kontor(enhet: Enhet) -> Enhet:
    """The allocation office, in the same organisation as the home-care district `enhet`."""
    return EnhetFactory(
        navn="Tildelingskontoret", type=EnhetType.TILDELINGSKONTOR, virksomhet=enhet.virksomhet
    )


@pytest.fixture
def saksbehandler(kontor: Enhet) -> Ansatt:
    return actor(kontor, "saksbehandler", username="sara", first_name="Sara", last_name="Sak")


@pytest.fixture
def saksbehandler2(kontor: Enhet) -> Ansatt:
    return actor(kontor, "saksbehandler", username="siri", first_name="Siri", last_name="Sak")


@pytest.fixture
def annet_kontor_saksbehandler(db: None) -> Ansatt:
    other = EnhetFactory(navn="Tildelingskontoret i nabokommunen", type=EnhetType.TILDELINGSKONTOR)
    return actor(other, "saksbehandler", username="nabo")


@pytest.fixture
def soker(db: None) -> Pasient:
    """A patient the office has no relationship with yet."""
    return PasientFactory(fornavn="Olav", etternavn="Nynorsk", malform=Maalform.NYNORSK)


@pytest.fixture
def katalog(db: None) -> dict[str, Tjenestetype]:
    tjenestetyper_seed()
    return {t.kode: t for t in Tjenestetype.objects.all()}


@pytest.fixture
def as_saksbehandler(saksbehandler: Ansatt, kontor: Enhet) -> Iterator[Ansatt]:
    with acting_as(saksbehandler, kontor):
        yield saksbehandler


@pytest.fixture
def as_system() -> Iterator[None]:
    with system_context():
        yield


def sak_new(
    actor_: Ansatt, pasient: Pasient, *typer: Tjenestetype, mottatt: dt.date | None = None
) -> Sak:
    return soeknad_create(
        actor=actor_,
        data=SoeknadData(
            pasient_id=pasient.pk,
            mottatt_dato=mottatt or idag(),
            tjenester=[(t.pk, "") for t in typer],
        ),
    )


def innvilget(
    tjenestetype: Tjenestetype,
    enhet: Enhet | None,
    *,
    fra: dt.date | None = None,
    til: dt.date | None = None,
    omfang: str = "3",
) -> VedtakData:
    fra = fra or idag()
    return VedtakData(
        tjenestetype_id=tjenestetype.pk,
        utfall="innvilget",
        begrunnelse="Behov for hjelp etter hoftebrudd.",
        omfang=Decimal(omfang),
        fra_dato=fra,
        til_dato=til,
        revurdering_dato=None if til else fra + dt.timedelta(days=90),
        utforende_enhet_id=enhet.pk if enhet else None,
    )


def fattet(
    actor_: Ansatt, sak: Sak, data: VedtakData, erstatter: uuid.UUID | None = None
) -> Vedtak:
    utkast = vedtak_draft_create(actor=actor_, sak_id=sak.pk, data=data, erstatter_id=erstatter)
    return vedtak_decide(actor=actor_, vedtak_id=utkast.pk)
