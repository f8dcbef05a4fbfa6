"""`manage.py demo_meldinger`: the address book of the demo municipalities and two outgoing
messages from the demo nurse, one rejected by the hospital (an alert in her outbox); a
second run adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from core.models import Ansatt
from integrasjoner.meldinger.models import Kommunikasjonspart, UtgaaendeMelding, Varsel

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_the_demo_nurse_sees_the_rejected_message_in_her_outbox() -> None:
    # given the demo is built
    assert UtgaaendeMelding.objects.count() >= 2
    assert Kommunikasjonspart.objects.filter(enhet__isnull=False).exists()
    # when
    out = StringIO()
    call_command("demo_meldinger", stdout=out)
    client = Client()
    sykepleier = Ansatt.objects.get(username="sykepleier")
    client.force_login(sykepleier)
    # she works in several units: the one that sent it (the first, sone nord)
    melding = UtgaaendeMelding.objects.get(varsel=Varsel.AVVIST)
    client.post(reverse("core:enhet_velg"), {"enhet": str(melding.enhet_id)})
    page = client.get(reverse("meldinger:utboks"), {"varsler": "1"})
    # then
    assert "finnes" in out.getvalue()
    assert UtgaaendeMelding.objects.filter(varsel=Varsel.AVVIST).count() == 1
    assert page.status_code == 200
    assert "Avvist av mottaker" in page.content.decode()
