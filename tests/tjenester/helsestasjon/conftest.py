"""Health-station fixtures: a station with a nurse, a second station in another kommune,
and enrolled children of chosen ages."""

from __future__ import annotations

import datetime as dt

import pytest

from core.klokke import idag
from core.models import Ansatt, Enhet, EnhetType
from journal.models import Behandlingsrelasjon, Kjoenn, Pasient, RelasjonGrunnlag
from tests.acting import acting_as
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory
from tjenester.helsestasjon.lib.program import add_months
from tjenester.helsestasjon.models import Foreldreansvar, Foresatt, Innskrivning
from tjenester.helsestasjon.seeds import program_load, vaksineprogram_load
from tjenester.helsestasjon.services import foresatt_add, innskrivning_create


@pytest.fixture(autouse=True)
def _programmer(db: None) -> None:
    program_load()
    vaksineprogram_load()


@pytest.fixture
def stasjon(db: None) -> Enhet:
    return EnhetFactory(navn="Helsestasjonen i Kongsvinger", type=EnhetType.HELSESTASJON)


@pytest.fixture
def annen_stasjon(db: None) -> Enhet:
    return EnhetFactory(navn="Helsestasjonen i Hamar", type=EnhetType.HELSESTASJON)


@pytest.fixture
def helsesykepleier(stasjon: Enhet) -> Ansatt:
    return actor(stasjon, "helsesykepleier", username="hsp1", first_name="Hanne", last_name="Helse")


@pytest.fixture
def kollega(stasjon: Enhet) -> Ansatt:
    return actor(stasjon, "helsesykepleier", username="hsp2", first_name="Kåre")


@pytest.fixture
def fremmed(annen_stasjon: Enhet) -> Ansatt:
    return actor(annen_stasjon, "helsesykepleier", username="hsp3", first_name="Frida")


def child(stasjon: Enhet, nurse: Ansatt, foedt: dt.date, **fields: object) -> Pasient:
    """A child the station registered (manual relationship), enrolled from birth."""
    pasient: Pasient = PasientFactory(fodselsdato=foedt, fornavn="Emma", **fields)
    Behandlingsrelasjon.objects.create(
        pasient=pasient,
        enhet=stasjon,
        grunnlag=RelasjonGrunnlag.MANUELL,
        begrunnelse="Registrert av enheten",
    )
    with acting_as(nurse, stasjon):
        innskrivning_create(actor=nurse, pasient_id=pasient.pk, grunn="fodsel", fra_dato=foedt)
    return pasient


@pytest.fixture
def ettaaring(stasjon: Enhet, helsesykepleier: Ansatt) -> Pasient:
    """A child who turns one today: the 12-month consultation is due this week."""
    return child(stasjon, helsesykepleier, add_months(idag(), -12))


@pytest.fixture
def mor(ettaaring: Pasient, helsesykepleier: Ansatt, stasjon: Enhet) -> Foresatt:
    with acting_as(helsesykepleier, stasjon):
        return foresatt_add(
            actor=helsesykepleier,
            pasient_id=ettaaring.pk,
            navn="Mona Mor",
            relasjon="Mor",
            foreldreansvar=Foreldreansvar.FELLES,
            telefon="91234567",
        )


def innskrivning_of(pasient: Pasient) -> Innskrivning:
    return Innskrivning.objects.get(pasient=pasient, til_dato__isnull=True)


@pytest.fixture
def barn(stasjon: Enhet) -> Pasient:
    """A boy of about 14 months with a care relationship to the station (growth tests)."""
    return PasientFactory(
        fornavn="Ola",
        etternavn="Småbarn",
        kjonn=Kjoenn.MANN,
        fodselsdato=idag() - dt.timedelta(days=430),
        relasjon_til=stasjon,
    )
