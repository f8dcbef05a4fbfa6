"""`manage.py demo_helsestasjon`: children enrolled with parents and a history, the demo
nurse has a worklist with something overdue, one refusal; idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet, Utbokshendelse
from tests.acting import acting_as
from tjenester.helsestasjon.models import Innskrivning, Konsultasjon, Vaksinasjon
from tjenester.helsestasjon.selectors import arbeidsliste_list

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_demo_gives_the_nurse_a_worklist_and_is_idempotent() -> None:
    # given
    counts = (Innskrivning.objects.count(), Vaksinasjon.objects.count())

    # when
    call_command("demo_helsestasjon", stdout=StringIO())

    # then
    assert (Innskrivning.objects.count(), Vaksinasjon.objects.count()) == counts
    stasjon = Enhet.objects.get(navn="Helsestasjonen i Kongsvinger")
    nurse = Ansatt.objects.get(username="helsesykepleier")
    assert Innskrivning.objects.filter(enhet=stasjon, ansvarlig=nurse).count() >= 12
    assert Konsultasjon.objects.filter(enhet=stasjon).count() > 30
    assert Vaksinasjon.objects.filter(status="reservert").count() == 1
    with acting_as(nurse, stasjon):
        liste = arbeidsliste_list(actor=nurse)
    assert liste.side.items
    assert any(rad.forfalt for rad in liste.side.items)
    # the history is written in bulk but audited and reported to SYSVAK like the services do
    gitt = list(Vaksinasjon.objects.filter(status="gitt").values_list("pk", flat=True))
    assert gitt
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.VAKSINASJON_GIVEN, objekt_id__in=[str(pk) for pk in gitt]
    ).count() == len(gitt)
    assert AuditLogg.objects.filter(hendelse=AuditEvent.KONSULTASJON_REGISTERED).count() == (
        Konsultasjon.objects.count()
    )
    meldt = {
        e["vaksinasjon_id"]
        for e in Utbokshendelse.objects.filter(hendelse="sysvak.vaksinasjon").values_list(
            "payload", flat=True
        )
    }
    assert {str(pk) for pk in gitt} <= meldt
