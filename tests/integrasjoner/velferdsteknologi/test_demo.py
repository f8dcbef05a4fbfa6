"""`manage.py demo_velferdsteknologi` (run by `make run`) gives a sender with devices."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.models import Enhet
from integrasjoner.velferdsteknologi.models import Avsendersystem, Utstyr
from journal.models import Pasient
from tests.integrasjoner.conftest import seed_velferdsteknologi

pytestmark = pytest.mark.django_db


def test_demo_sender_and_devices_idempotent(enhet: Enhet, pasient: Pasient) -> None:
    # given a home-care zone with a patient
    seed_velferdsteknologi()
    out = StringIO()
    # when run twice
    call_command("demo_velferdsteknologi", stdout=out)
    call_command("demo_velferdsteknologi", stdout=StringIO())
    # then
    avsender = Avsendersystem.objects.get()
    assert avsender.nokkel_id in out.getvalue()
    assert sorted(Utstyr.objects.values_list("ekstern_id", "pasient_id")) == [
        ("BT-0001", pasient.pk),
        ("TA-0001", pasient.pk),
    ]
