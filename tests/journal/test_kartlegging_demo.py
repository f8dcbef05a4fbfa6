"""Demo data: the demo nurse has assessed her home-care patients (IPLOS, some twice so the
change shows, a few with Barthel), through the services, and a second run adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet
from journal.demo import KARTLEGGING_PASIENTER
from journal.models import Kartlegging, KartleggingStatus

pytestmark = pytest.mark.django_db


def test_demo_nurse_has_assessed_her_patients_idempotently() -> None:
    # when
    call_command("demo_journal", stdout=StringIO())
    first = Kartlegging.objects.count()
    call_command("demo_journal", stdout=StringIO())
    # then
    assert Kartlegging.objects.count() == first
    sykepleier = Ansatt.objects.get(username="sykepleier")
    sone_nord = Enhet.objects.get(navn="Hjemmetjenesten Kongsvinger sone nord")
    rows = Kartlegging.objects.filter(utfort_av=sykepleier, enhet=sone_nord)
    iplos = rows.filter(skjema__kode="iplos")
    assert iplos.values("pasient_id").distinct().count() == KARTLEGGING_PASIENTER
    assert iplos.count() > KARTLEGGING_PASIENTER  # some were assessed twice
    barthel = rows.filter(skjema__kode="barthel")
    assert 3 <= barthel.count() <= 6
    assert all(t is not None and 0 <= t <= 100 for t in barthel.values_list("total", flat=True))
    assert not rows.exclude(status=KartleggingStatus.FULLFORT).exists()
    assert (
        AuditLogg.objects.filter(
            hendelse=AuditEvent.KARTLEGGING_COMPLETED, aktor_id=sykepleier.pk
        ).count()
        == rows.count()
    )
