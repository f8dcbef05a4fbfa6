"""A nursing-home ward with two residents, three staff and orders due in the morning round;
the clock pinned to 08:30 on an ordinary Tuesday in Oslo."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from core.klokke import klokke_set
from core.models import Ansatt, Enhet, EnhetType
from journal.models import Pasient
from legemidler.lib.dosering import BEHOV, Doseringsplan, plan_to_dict
from legemidler.models import Forordning, Reseptgruppe
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory
from tests.legemidler.factories import ForordningFactory, LegemiddelFactory, fast_dosering

OSLO = ZoneInfo("Europe/Oslo")
DAG = dt.date(2026, 3, 10)


def oslo(dag: dt.date, tid: str) -> dt.datetime:
    return dt.datetime.combine(dag, dt.time.fromisoformat(tid)).replace(tzinfo=OSLO)


def klokke_til(moment: dt.datetime) -> None:
    klokke_set(moment - timezone.now())


@dataclass
class Avdeling:
    avdeling: Enhet
    annen: Enhet
    kari: Pasient
    ola: Pasient
    fremmed: Pasient
    paracet: Forordning
    morfin: Forordning
    kvelds: Forordning
    behov: Forordning
    fremmed_ordre: Forordning
    spl1: Ansatt
    spl2: Ansatt
    hfa: Ansatt
    lege: Ansatt
    spl_annen: Ansatt


def behov_dosering(dose: str = "5", maks: str = "20", intervall: int = 240) -> dict[str, object]:
    return plan_to_dict(
        Doseringsplan(
            type=BEHOV,
            behov_dose=Decimal(dose),
            behov_maks_per_doegn=Decimal(maks),
            behov_min_intervall_min=intervall,
        )
    )


def avdeling_build() -> Avdeling:
    avdeling = EnhetFactory(navn="Solsiden 1. etg", type=EnhetType.SYKEHJEMSAVDELING)
    annen = EnhetFactory(navn="Solsiden 2. etg", type=EnhetType.SYKEHJEMSAVDELING)
    spl1 = actor(avdeling, "sykepleier", username="spl_a", first_name="Siri", last_name="Sol")
    spl2 = actor(avdeling, "sykepleier", username="spl_b", first_name="Per", last_name="Pleier")
    hfa = actor(avdeling, "helsefagarbeider", username="hfa_a", helsepersonellkategori="HE")
    lege = actor(avdeling, "lege", username="lege_a", helsepersonellkategori="LE")
    spl_annen = actor(annen, "sykepleier", username="spl_c")
    kari = PasientFactory(fornavn="Kari", etternavn="Berg", relasjon_til=avdeling)
    ola = PasientFactory(fornavn="Ola", etternavn="Dal", relasjon_til=avdeling)
    fremmed = PasientFactory(fornavn="Fred", etternavn="Annen", relasjon_til=annen)
    start = oslo(DAG - dt.timedelta(days=5), "07:00")
    paracet_lm = LegemiddelFactory(varenavn="Paracet", atc="N02BE01", reseptgruppe=Reseptgruppe.C)
    morfin_lm = LegemiddelFactory(varenavn="Morfin", atc="N02AA01", reseptgruppe=Reseptgruppe.A)
    felles = {"enhet": avdeling, "start": start, "ordinert_av": lege}
    return Avdeling(
        avdeling=avdeling,
        annen=annen,
        kari=kari,
        ola=ola,
        fremmed=fremmed,
        paracet=ForordningFactory(
            pasient=kari,
            legemiddel=paracet_lm,
            dosering=fast_dosering(("08:00", "2"), ("20:00", "2")),
            **felles,
        ),
        morfin=ForordningFactory(
            pasient=kari,
            legemiddel=morfin_lm,
            dosering=fast_dosering(("08:00", "1")),
            **felles,
        ),
        kvelds=ForordningFactory(
            pasient=ola,
            legemiddel=paracet_lm,
            dosering=fast_dosering(("09:00", "1"), ("21:00", "1")),
            **felles,
        ),
        behov=ForordningFactory(
            pasient=ola,
            legemiddel=morfin_lm,
            doseringstype=BEHOV,
            dosering=behov_dosering(),
            dose_enhet="mg",
            **felles,
        ),
        fremmed_ordre=ForordningFactory(
            pasient=fremmed,
            legemiddel=paracet_lm,
            dosering=fast_dosering(("08:00", "1")),
            enhet=annen,
            start=start,
            ordinert_av=lege,
        ),
        spl1=spl1,
        spl2=spl2,
        hfa=hfa,
        lege=lege,
        spl_annen=spl_annen,
    )


@pytest.fixture
def avd(db: None) -> Avdeling:
    klokke_til(oslo(DAG, "08:30"))
    return avdeling_build()
