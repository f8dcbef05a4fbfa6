"""`manage.py demo_hjemmetjeneste`: each district's patients get address points, shifts and
visits; the demo nurse has a list today; idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.klokke import idag
from core.models import Ansatt, Enhet, Vakt
from tjenester.hjemmetjeneste.models import Adressepunkt, Besoek, Besoeksoppgave

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_demo_gives_the_nurse_a_list_and_is_idempotent() -> None:
    # given
    counts = (Besoek.objects.count(), Besoeksoppgave.objects.count(), Vakt.objects.count())

    # when
    call_command("demo_hjemmetjeneste", stdout=StringIO())

    # then
    assert (Besoek.objects.count(), Besoeksoppgave.objects.count(), Vakt.objects.count()) == counts
    sone_nord = Enhet.objects.get(navn="Hjemmetjenesten Kongsvinger sone nord")
    sykepleier = Ansatt.objects.get(username="sykepleier")
    today = idag()
    assert Besoek.objects.filter(enhet=sone_nord, dato=today, ansatt=sykepleier).exists()
    assert Besoek.objects.filter(enhet=sone_nord, dato__gt=today).exists()
    punkter = Adressepunkt.objects.filter(enhet=sone_nord)
    assert 10 <= punkter.count() <= 40
    assert all(59.9 < p.lat < 60.4 and 11.5 < p.lon < 12.2 and p.nokkelinfo for p in punkter)
