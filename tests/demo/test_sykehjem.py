"""`manage.py demo_sykehjem` fills the demo wards idempotently and makes `leder` a ward leader."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from core.klokke import idag
from core.models import Ansatt, Enhet, EnhetType, Tilknytning, Vakt
from journal.models import Tiltak
from tests.acting import acting_as
from tjenester.sykehjem.models import Fravaer, Fravaerstype, Opphold, Seng, Venteliste
from tjenester.sykehjem.selectors import avdelingsoppgaver_get

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_demo_wards_get_beds_residents_absences_and_a_waiting_list() -> None:
    # given
    first = (
        Seng.objects.count(),
        Opphold.objects.count(),
        Venteliste.objects.count(),
        Vakt.objects.count(),
    )

    # when
    call_command("demo_sykehjem", stdout=StringIO())

    # then: idempotent, and the ward has shifts for payroll
    assert first[3] > 0
    assert (
        Seng.objects.count(),
        Opphold.objects.count(),
        Venteliste.objects.count(),
        Vakt.objects.count(),
    ) == first
    avdelinger = Enhet.objects.filter(type=EnhetType.SYKEHJEMSAVDELING)
    assert avdelinger.count() == 4
    for avdeling in avdelinger:
        assert Seng.objects.filter(enhet=avdeling).count() == 24
        assert Opphold.objects.filter(enhet=avdeling, status="aktiv").count() >= 15
    assert Fravaer.objects.filter(type=Fravaerstype.SYKEHUS, til__isnull=True).count() == 4
    assert Fravaer.objects.filter(type=Fravaerstype.PERMISJON).count() >= 8
    assert Venteliste.objects.filter(status="venter").count() >= 4
    pasienter = Opphold.objects.values("pasient").annotate(n=Count("id")).filter(n__gt=1)
    assert not pasienter.exists()
    assert Tilknytning.objects.filter(
        ansatt__username="leder",
        enhet__navn="Kongsvinger sykehjem, avdeling 1 (langtid)",
        rolle__kode="leder",
    ).exists()


def test_demo_nurse_has_a_full_task_list_in_the_first_ward() -> None:
    # given
    tiltak = Tiltak.objects.count()
    # when: run again (idempotent)
    call_command("demo_sykehjem", stdout=StringIO())
    # then
    assert Tiltak.objects.count() == tiltak
    sykepleier = Ansatt.objects.get(username="sykepleier")
    avdeling = Enhet.objects.get(navn="Kongsvinger sykehjem, avdeling 1 (langtid)")
    with acting_as(sykepleier, avdeling):
        liste = avdelingsoppgaver_get(actor=sykepleier, dato=idag())
    beboere = set(
        Opphold.objects.filter(enhet=avdeling, status="aktiv").values_list("pasient_id", flat=True)
    )
    assert liste.kan_kvittere
    assert {b.pasient_id for p in liste.perioder for b in p.beboere} == beboere
    assert {p.kode for p in liste.perioder} >= {"morgen", "kveld"}
