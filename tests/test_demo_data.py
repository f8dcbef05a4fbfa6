"""`manage.py demo_data` builds the demo municipality idempotently, only where allowed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from core.identifikatorer import Syntetisk, identifikator_parse
from core.models import Ansatt, Enhet, Kommune
from journal.demo import DEMO_LOGINS
from journal.models import Pasient

pytestmark = pytest.mark.django_db


def test_demo_data_is_believable_and_idempotent() -> None:
    # when
    call_command("demo_data", stdout=StringIO())
    first = (
        Kommune.objects.count(),
        Enhet.objects.count(),
        Ansatt.objects.count(),
        Pasient.objects.count(),
    )
    call_command("demo_data", stdout=StringIO())
    second = (
        Kommune.objects.count(),
        Enhet.objects.count(),
        Ansatt.objects.count(),
        Pasient.objects.count(),
    )
    # then
    assert first == second
    kommuner, enheter, ansatte, pasienter = first
    assert kommuner == 2
    assert 15 <= enheter <= 20
    assert 38 <= ansatte <= 45
    assert pasienter == 500
    assert len(set(Enhet.objects.values_list("type", flat=True))) >= 7
    for identifikator in Pasient.objects.values_list("identifikator", flat=True)[:100]:
        assert identifikator_parse(identifikator, allow_synthetic=True).syntetisk is Syntetisk.TENOR
    assert Pasient.objects.filter(sok_etternavn__startswith="ost").exists()


def test_demo_logins_work_with_password_demo() -> None:
    # given
    call_command("demo_data", stdout=StringIO())
    # when / then
    for username, *_ in DEMO_LOGINS:
        response = Client().post("/logg-inn/", {"username": username, "password": "demo"})
        assert response.status_code == 302, username


def test_bulk_generator_adds_patients() -> None:
    # given
    call_command("demo_data", stdout=StringIO())
    out = StringIO()
    # when
    call_command("demo_data", "--patients", "2000", stdout=out)
    # then
    assert Pasient.objects.count() == 2500
    assert "rader/s" in out.getvalue()


@override_settings(DEMO_DATA_ALLOWED=False)
def test_refused_where_not_allowed() -> None:
    # when / then
    with pytest.raises(CommandError, match="ikke tillatt"):
        call_command("demo_data", stdout=StringIO())
    assert not Ansatt.objects.exists()
