"""`manage.py demo_meldinger` puts messages in the demo zone's inbox through the same code
path, one in the matching queue, and is idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.models import Enhet, EnhetType
from integrasjoner.meldinger.models import Melding, MeldingStatus
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory
from tildeling.models import Sak
from tildeling.seeds import tjenestetyper_seed

pytestmark = pytest.mark.django_db


def test_demo_messages_idempotent(enhet: Enhet) -> None:
    # given the demo's zone, office, nurse and patients
    tjenestetyper_seed()
    kontor = EnhetFactory(navn="Tildelingskontoret Demo", type=EnhetType.TILDELINGSKONTOR)
    actor(enhet, "sykepleier", username="sykepleier")
    for _ in range(3):
        PasientFactory(relasjon_til=enhet)

    # when run twice
    out = StringIO()
    call_command("demo_meldinger", stdout=out)
    call_command("demo_meldinger", stdout=StringIO())

    # then six messages, processed once, one waiting for matching, the application at the office
    assert Melding.objects.count() == 6
    statuser = sorted(Melding.objects.values_list("status", flat=True))
    assert statuser.count(MeldingStatus.PARKERT) == 1
    assert statuser.count(MeldingStatus.BEHANDLET) == 5
    assert Sak.objects.get().enhet == kontor
    assert "HER-id 8090001" in out.getvalue()
