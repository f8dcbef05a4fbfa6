"""`manage.py demo_legemidler`: every resident and every patient of the demo district has
a list; the cases the demo promises exist; running it again changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.models import EnhetType
from journal.models import Behandlingsrelasjon
from legemidler.demo import DEMO_SONE
from legemidler.models import Forordning, Katalogimport, Legemiddelsamstemming, Overstyring
from legemidler.selectors import samstemming_needed

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_every_resident_and_the_demo_districts_patients_have_a_list() -> None:
    # given
    beboere = set(
        Behandlingsrelasjon.objects.active()
        .filter(enhet__type=EnhetType.SYKEHJEMSAVDELING)
        .values_list("pasient_id", flat=True)
    )
    # the wards with a doctor: every resident; others through their GP where one works
    med_lege = set(
        Behandlingsrelasjon.objects.active()
        .filter(enhet__type=EnhetType.SYKEHJEMSAVDELING, enhet__tilknytninger__rolle__kode="lege")
        .values_list("pasient_id", flat=True)
    )
    hjemme = Behandlingsrelasjon.objects.active().filter(enhet__type=EnhetType.HJEMMETJENESTE_SONE)
    demosonen = set(hjemme.filter(enhet__navn=DEMO_SONE).values_list("pasient_id", flat=True))
    andre = set(hjemme.exclude(enhet__navn=DEMO_SONE).values_list("pasient_id", flat=True))
    med_liste = set(Forordning.objects.values_list("pasient_id", flat=True))

    # then
    assert med_lege <= med_liste
    assert len(beboere & med_liste) >= 0.6 * len(beboere)
    # the demo nurse's district: (nearly) everyone; elsewhere about every third
    assert len(demosonen & med_liste) >= 0.8 * len(demosonen)
    assert 0.2 * len(andre - demosonen) <= len((andre - demosonen) & med_liste)
    assert Katalogimport.objects.filter(demo=True).exists()


def test_the_promised_cases_exist() -> None:
    aktive = Forordning.objects.filter(status="aktiv")
    assert aktive.filter(doseringstype="behov").count() >= 3
    assert aktive.filter(legemiddel__reseptgruppe="A").exists()
    assert aktive.filter(telefonordinasjon=True, bekreftet_at__isnull=True).count() == 1
    assert Overstyring.objects.filter(kontroll="interaksjon").exists()
    mtx = aktive.get(atc="L04AX03")
    assert mtx.plan.ukedager == (1,)
    assert Forordning.objects.filter(status="seponert").exists()
    assert aktive.filter(multidose=True).exists()
    paagaar = Legemiddelsamstemming.objects.filter(status="paagaar").first()
    assert paagaar is not None
    assert samstemming_needed(paagaar.pasient_id)


def test_running_it_again_changes_nothing() -> None:
    before = (Forordning.objects.count(), Legemiddelsamstemming.objects.count())
    call_command("demo_legemidler", stdout=StringIO())
    assert (Forordning.objects.count(), Legemiddelsamstemming.objects.count()) == before
