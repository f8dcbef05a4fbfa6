"""`manage.py demo_journal` builds the demo municipality idempotently, only where allowed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone

from core.audit import AuditEvent
from core.identifikatorer import Syntetisk, identifikator_parse
from core.models import Ansatt, AuditLogg, Enhet, Kommune
from journal.demo import DEMO_LOGINS, DOK_PASIENTER
from journal.models import (
    Journalnotat,
    JournalnotatVersjon,
    Maling,
    News2Niva,
    NotatStatus,
    Pasient,
)

pytestmark = pytest.mark.django_db


def _documentation_counts() -> tuple[int, int, int, int]:
    return (
        Journalnotat.objects.count(),
        JournalnotatVersjon.objects.count(),
        Maling.objects.count(),
        AuditLogg.objects.filter(
            hendelse__in=[AuditEvent.NOTAT_SIGNED, AuditEvent.MALING_CREATED]
        ).count(),
    )


def _assert_demo_nurse_documentation() -> None:
    """The demo nurse has written signed notes and vital signs for patients of her unit."""
    sykepleier = Ansatt.objects.get(username="sykepleier")
    sone_nord = Enhet.objects.get(navn="Hjemmetjenesten Kongsvinger sone nord")
    notater = Journalnotat.objects.filter(forfatter=sykepleier, enhet=sone_nord)
    malinger = Maling.objects.filter(registrert_av=sykepleier, enhet=sone_nord)
    pasienter = set(notater.values_list("pasient_id", flat=True))
    assert len(pasienter) == DOK_PASIENTER
    assert pasienter == set(malinger.values_list("pasient_id", flat=True))
    for pasient_id in pasienter:
        assert 2 <= notater.filter(pasient_id=pasient_id).count() <= 5
        assert 3 <= malinger.filter(pasient_id=pasient_id).count() <= 10
    assert not notater.exclude(status=NotatStatus.SIGNERT).exists()
    assert set(notater.values_list("type__kode", flat=True)) == {"sykepleienotat"}
    versjon = JournalnotatVersjon.objects.filter(notat__in=notater).first()
    assert versjon is not None
    assert set(versjon.innhold) == {"Sykepleiediagnose", "Observasjon", "Tiltak", "Evaluering"}
    assert all(versjon.innhold.values())
    assert notater.filter(gjeldende_versjon=2).exists()  # some were corrected
    assert malinger.filter(news2__gte=5).exists()  # some patients are getting ill
    assert malinger.filter(news2_niva=News2Niva.INGEN).exists()
    eldste = malinger.order_by("tidspunkt").values_list("tidspunkt", flat=True).first()
    assert eldste is not None
    assert (timezone.now() - eldste).days >= 7  # spread over the last weeks
    assert (
        AuditLogg.objects.filter(hendelse=AuditEvent.MALING_CREATED, aktor_id=sykepleier.pk).count()
        == malinger.count()
    )


def test_demo_data_is_believable_and_idempotent() -> None:
    # when
    call_command("demo_journal", stdout=StringIO())
    first = (
        Kommune.objects.count(),
        Enhet.objects.count(),
        Ansatt.objects.count(),
        Pasient.objects.count(),
    )
    dokumentasjon = _documentation_counts()
    call_command("demo_journal", stdout=StringIO())
    second = (
        Kommune.objects.count(),
        Enhet.objects.count(),
        Ansatt.objects.count(),
        Pasient.objects.count(),
    )
    # then: a second run adds nothing, notes and vital signs included
    assert first == second
    assert _documentation_counts() == dokumentasjon
    kommuner, enheter, ansatte, pasienter = first
    assert kommuner == 2
    assert 15 <= enheter <= 20
    assert 38 <= ansatte <= 45
    assert pasienter == 500
    assert len(set(Enhet.objects.values_list("type", flat=True))) >= 7
    for identifikator in Pasient.objects.values_list("identifikator", flat=True)[:100]:
        assert identifikator_parse(identifikator, allow_synthetic=True).syntetisk is Syntetisk.TENOR
    assert Pasient.objects.filter(sok_etternavn__startswith="ost").exists()
    _assert_demo_nurse_documentation()


def test_demo_logins_work_with_password_demo() -> None:
    # given
    call_command("demo_journal", stdout=StringIO())
    # when / then
    for username, *_ in DEMO_LOGINS:
        response = Client().post("/logg-inn/", {"username": username, "password": "demo"})
        assert response.status_code == 302, username


def test_bulk_generator_adds_patients() -> None:
    # given
    call_command("demo_journal", stdout=StringIO())
    out = StringIO()
    # when
    call_command("demo_journal", "--patients", "2000", stdout=out)
    # then
    assert Pasient.objects.count() == 2500
    assert "rader/s" in out.getvalue()


@override_settings(DEMO_DATA_ALLOWED=False)
def test_refused_where_not_allowed() -> None:
    # when / then
    with pytest.raises(CommandError, match="ikke tillatt"):
        call_command("demo_journal", stdout=StringIO())
    assert not Ansatt.objects.exists()
