"""The round list: the doses due in the round the person is in, with what stands; other
units' patients left out; corrections shown as they stand; a fixed number of queries
whatever the number of residents. The chart: a grid per order and day with the vitals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.models import AuditLogg
from journal.models import Maaling
from legemidler import selectors as sel
from legemidler.services import administrasjon_correct, behov_give, dose_sign
from tests.acting import acting_as
from tests.factories import PasientFactory
from tests.legemidler.factories import ForordningFactory, fast_dosering
from tests.legemidler.utdeling.conftest import DAG, Avdeling, klokke_til, oslo

pytestmark = pytest.mark.django_db


def _rader(liste: sel.Rundeliste) -> list[tuple[str, str, str, str]]:
    return [
        (
            p.pasient.fornavn,
            f"{d.forfall_lokal:%H:%M}" if d.forfall_lokal else "behov",
            d.forordning.legemiddel_navn.split()[0],
            d.status,
        )
        for p in liste.pasienter
        for d in p.doser
    ]


def test_the_morning_round_lists_the_units_doses_with_what_stands(avd: Avdeling) -> None:
    with acting_as(avd.spl1):
        a = dose_sign(
            actor=avd.spl1,
            forordning_id=avd.morfin.pk,
            forfall_at=oslo(DAG, "08:00"),
            status="gitt",
        )
        liste = sel.runde_list(actor=avd.spl1)
    assert (liste.runde.kode, liste.dato) == ("morgen", DAG)
    assert _rader(liste) == [
        ("Kari", "08:00", "Morfin", "venter_kontroll"),
        ("Kari", "08:00", "Paracet", "venter"),
        ("Ola", "09:00", "Paracet", "venter"),
    ]
    assert [o.pk for o in liste.pasienter[1].behov] == [avd.behov.pk]
    assert liste.kan_signere
    staaende = liste.pasienter[0].doser[0].administrasjon
    assert staaende is not None
    assert staaende.pk == a.pk
    listed = set(
        AuditLogg.objects.filter(hendelse=AuditEvent.RUNDE_LISTED).values_list(
            "pasient_id", flat=True
        )
    )
    assert listed == {avd.kari.pk, avd.ola.pk}


def test_a_dose_past_the_limit_shows_as_missed_and_a_correction_stands(avd: Avdeling) -> None:
    klokke_til(oslo(DAG, "10:30"))
    with acting_as(avd.spl1):
        a = dose_sign(
            actor=avd.spl1,
            forordning_id=avd.paracet.pk,
            forfall_at=oslo(DAG, "08:00"),
            status="gitt",
        )
        administrasjon_correct(
            actor=avd.spl1,
            administrasjon_id=a.pk,
            status="ikke_gitt",
            grunn="sov",
            korreksjonsgrunn="Feil pasient signert",
        )
        liste = sel.runde_list(actor=avd.spl1, runde="morgen")
    assert _rader(liste) == [
        ("Kari", "08:00", "Morfin", "glemt"),
        ("Kari", "08:00", "Paracet", "ikke_gitt"),
        ("Ola", "09:00", "Paracet", "glemt"),
    ]


def test_the_night_round_crosses_midnight_on_the_day_it_starts(avd: Avdeling) -> None:
    ForordningFactory(
        pasient=avd.kari,
        enhet=avd.avdeling,
        start=oslo(DAG - dt.timedelta(days=3), "07:00"),
        dosering=fast_dosering(("23:00", "1"), ("02:00", "1")),
    )
    with acting_as(avd.spl1):
        liste = sel.runde_list(actor=avd.spl1, runde="natt", dato=DAG)
    assert [
        (d.forfall_lokal.date(), f"{d.forfall_lokal:%H:%M}")
        for p in liste.pasienter
        for d in p.doser
        if d.forfall_lokal is not None
    ] == [(DAG, "23:00"), (DAG + dt.timedelta(days=1), "02:00")]


def test_an_unknown_round_is_a_norwegian_message(avd: Avdeling) -> None:
    with acting_as(avd.spl1), pytest.raises(ApplicationError) as exc:
        sel.runde_list(actor=avd.spl1, runde="lunsj")
    assert str(exc.value.message) == "Ukjent runde."


def test_the_round_list_does_not_grow_in_queries_with_residents(
    avd: Avdeling, django_assert_max_num_queries: Any
) -> None:
    with acting_as(avd.spl1):
        with django_assert_max_num_queries(12) as small:
            sel.runde_list(actor=avd.spl1)
        for i in range(12):
            p = PasientFactory(fornavn=f"Beboer{i}", relasjon_til=avd.avdeling)
            for tid in ("07:30", "08:00", "10:00"):
                ForordningFactory(
                    pasient=p,
                    enhet=avd.avdeling,
                    start=oslo(DAG - dt.timedelta(days=2), "07:00"),
                    dosering=fast_dosering((tid, "1")),
                )
        with django_assert_max_num_queries(len(small.captured_queries)):
            liste = sel.runde_list(actor=avd.spl1)
    assert liste.antall == 3 + 12 * 3


def test_the_chart_shows_each_day_and_the_vitals(avd: Avdeling) -> None:
    Maaling.objects.create(
        pasient=avd.kari,
        enhet=avd.avdeling,
        registrert_av=avd.spl1,
        tidspunkt=oslo(DAG, "07:45"),
        systolisk=128,
        diastolisk=76,
        puls=70,
        temperatur=Decimal("37.1"),
    )
    with acting_as(avd.spl1):
        dose_sign(
            actor=avd.spl1,
            forordning_id=avd.paracet.pk,
            forfall_at=oslo(DAG, "08:00"),
            status="gitt",
        )
        behov_give(actor=avd.spl1, forordning_id=avd.behov.pk, behov_grunn="Smerter")
        kurve = sel.kurve_get(actor=avd.spl1, pasient_id=avd.kari.pk, dager=7)
    assert kurve.dager[-1] == DAG
    assert len(kurve.dager) == 7
    paracet = next(r for r in kurve.rader if r.forordning == avd.paracet)
    assert [d.status for d in paracet.celler[-1]] == ["gitt", "venter"]
    assert [d.status for d in paracet.celler[-2]] == ["glemt", "glemt"]
    assert kurve.maalinger[-1] == ["07:45 BT 128/76 P 70 T 37,1"]
    assert AuditLogg.objects.filter(hendelse=AuditEvent.KURVE_READ, pasient_id=avd.kari.pk).exists()


def test_the_chart_of_another_units_patient_is_not_found(avd: Avdeling) -> None:
    with acting_as(avd.spl1), pytest.raises(NotFound):
        sel.kurve_get(actor=avd.spl1, pasient_id=avd.fremmed.pk, dager=7)
    with acting_as(avd.spl1), pytest.raises(ApplicationError):
        sel.kurve_get(actor=avd.spl1, pasient_id=avd.kari.pk, dager=10)
