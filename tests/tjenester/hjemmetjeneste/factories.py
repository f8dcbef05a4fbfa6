"""Factories for home care: visits, tasks, shifts, address points; plan occurrences."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import factory

from core.models import Vakt
from tests.factories import EnhetFactory, PasientFactory
from tjenester.hjemmetjeneste.models import Adressepunkt, Besoek, Besoeksoppgave


@dataclass(frozen=True)
class Forekomst:
    """An occurrence of a plan tiltak, in the shape journal's task-list interface gives."""

    pasient_id: uuid.UUID
    tiltak_id: uuid.UUID
    dato: dt.date
    tidspunkt: dt.time | None
    varighet_min: int
    tekst: str
    enhet_id: uuid.UUID


class BesoekFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Besoek

    enhet = factory.SubFactory(EnhetFactory)
    pasient = factory.SubFactory(PasientFactory)
    dato = factory.LazyFunction(dt.date.today)
    fra_tid = dt.time(8, 0)
    til_tid = dt.time(9, 0)
    varighet_min = 20


class BesoeksoppgaveFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Besoeksoppgave

    besok = factory.SubFactory(BesoekFactory)
    tiltak_id = factory.LazyFunction(uuid.uuid4)
    tekst = factory.Sequence(lambda n: f"Oppgave {n}")


class VaktFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Vakt

    dato = factory.LazyFunction(dt.date.today)
    fra_tid = dt.time(7, 0)
    til_tid = dt.time(15, 0)


class AdressepunktFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Adressepunkt

    adresse = factory.Sequence(lambda n: f"Storgata {n}, 2211 Kongsvinger")
    lat = 60.19
    lon = 11.99
    nokkelinfo = "Nøkkelboks ved inngangsdøren, kode 1234"
