"""A GP office with a GP, a receptionist and a GP resource open every day 08–16, with the
clock at 09:00 Oslo time tomorrow (no dependence on today's time of day)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from core.klokke import klokke_reset, klokke_set
from core.models import Ansatt, Enhet, EnhetType
from journal.models import Kode
from tests.conftest import actor
from tests.factories import EnhetFactory, NotattypeFactory
from tjenester.legekontor.models import Ressurs, RessursType, Tidstype, Timemal
from tjenester.legekontor.seeds import takster_seed

OSLO = ZoneInfo("Europe/Oslo")


@dataclass
class Kontor:
    enhet: Enhet
    lege: Ansatt
    sekretaer: Ansatt
    ressurs: Ressurs
    dag: dt.date

    def kl(self, time: int, minutt: int = 0, dager: int = 0) -> dt.datetime:
        return dt.datetime.combine(
            self.dag + dt.timedelta(days=dager), dt.time(time, minutt), tzinfo=OSLO
        )


@pytest.fixture
def klokke_kl9() -> Iterator[dt.date]:
    """Now = 09:00 Oslo on a fixed weekday (a Wednesday) some weeks ahead."""
    dag = timezone.localdate() + dt.timedelta(days=21)
    dag += dt.timedelta(days=(2 - dag.weekday()) % 7)
    moment = dt.datetime.combine(dag, dt.time(9), tzinfo=OSLO)
    klokke_set(moment - timezone.now())
    yield dag
    klokke_reset()


@pytest.fixture
def legekontor(db: None) -> Enhet:
    unit: Enhet = EnhetFactory(navn="Sentrum legekontor", type=EnhetType.LEGEKONTOR)
    return unit


@pytest.fixture
def kontor(legekontor: Enhet, klokke_kl9: dt.date) -> Kontor:
    takster_seed()
    # seeded by migrations, but a transactional test (the browser's) may have flushed them
    NotattypeFactory(
        kode="legenotat",
        navn="Legenotat",
        overskrifter=["Anamnese", "Funn", "Vurdering", "Tiltak"],
    )
    NotattypeFactory()  # sykepleienotat
    for kode, tekst in (("T90", "Diabetes type 2"), ("K86", "Hypertensjon ukomplisert")):
        Kode.objects.get_or_create(kodeverk="ICPC-2", kode=kode, defaults={"tekst": tekst})
    lege = actor(legekontor, "lege", username="lk-lege", first_name="Lise", last_name="Lege")
    sekretaer = actor(legekontor, "helsesekretaer", username="lk-sekr")
    ressurs = Ressurs.objects.create(
        enhet=legekontor, navn="Dr. Lege", type=RessursType.LEGE, ansatt=lege
    )
    ressurs.refresh_from_db()
    for ukedag in range(7):
        Timemal.objects.create(
            ressurs=ressurs, ukedag=ukedag, fra=dt.time(8), til=dt.time(11), lengde_min=20
        )
        Timemal.objects.create(
            ressurs=ressurs,
            ukedag=ukedag,
            fra=dt.time(11),
            til=dt.time(12),
            type=Tidstype.BLOKKERT,
        )
        Timemal.objects.create(
            ressurs=ressurs,
            ukedag=ukedag,
            fra=dt.time(12),
            til=dt.time(16),
            lengde_min=20,
            type=Tidstype.AKUTT if ukedag == 6 else Tidstype.ORDINAER,
        )
    return Kontor(legekontor, lege, sekretaer, ressurs, klokke_kl9)
