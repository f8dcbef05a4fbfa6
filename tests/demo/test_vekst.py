"""`manage.py demo_helsestasjon` also gives the small children growth measurements: along a
centile, one child per station falling off its weight centile (flagged), one born preterm;
idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.models import Ansatt, Enhet
from tests.acting import acting_as
from tjenester.helsestasjon.models import Fodselsopplysning, Vekstmaaling
from tjenester.helsestasjon.selectors import vekst_get

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_demo_children_have_growth_with_a_flag_and_a_preterm_child() -> None:
    # given
    antall = Vekstmaaling.objects.count()

    # when
    call_command("demo_helsestasjon", stdout=StringIO())

    # then
    assert Vekstmaaling.objects.count() == antall > 50
    stasjon = Enhet.objects.get(navn="Helsestasjonen i Kongsvinger")
    nurse = Ansatt.objects.get(username="helsesykepleier")
    barn = Vekstmaaling.objects.filter(enhet=stasjon).values_list("pasient_id", flat=True)
    with acting_as(nurse, stasjon):
        oversikter = [vekst_get(actor=nurse, pasient_id=p) for p in set(barn)]
    assert any(o.flagg for o in oversikter)
    assert any(not o.flagg for o in oversikter)
    assert Fodselsopplysning.objects.filter(enhet=stasjon, svangerskapsuker__lt=37).exists()
