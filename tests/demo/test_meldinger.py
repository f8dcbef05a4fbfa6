"""`manage.py demo_meldinger` in the whole demo: messages in sone nord's inbox (one waiting
for matching), the hospital's application at the office, idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from integrasjoner.meldinger.models import Melding, MeldingStatus

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_demo_messages_in_the_inbox_and_idempotent() -> None:
    # given the demo (demo_alle ran demo_meldinger once)
    foer = Melding.objects.count()

    # when run again
    call_command("demo_meldinger", stdout=StringIO())

    # then nothing new was made, and what is there is as the demo promises
    assert Melding.objects.count() == foer == 6
    assert Melding.objects.filter(status=MeldingStatus.PARKERT).count() == 1
    assert Melding.objects.filter(enhet__navn__icontains="sone nord").count() >= 4
    assert Melding.objects.filter(enhet__navn__istartswith="Tildelingskontoret").count() == 1
