"""`manage.py demo_legekontor`: GP offices with lists, a week of appointments and signed
consultations with fee codes, idempotently; `helsesekretaer` books at the office."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.models import Tilknytning
from tjenester.legekontor.models import (
    Fastlegeliste,
    Konsultasjon,
    Listeplass,
    Takstlinje,
    Timeavtale,
    TimeStatus,
)

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_demo_offices_have_lists_a_week_and_signed_consultations() -> None:
    first = (
        Fastlegeliste.objects.count(),
        Listeplass.objects.count(),
        Timeavtale.objects.count(),
        Konsultasjon.objects.count(),
    )
    call_command("demo_legekontor", stdout=StringIO())
    assert (
        Fastlegeliste.objects.count(),
        Listeplass.objects.count(),
        Timeavtale.objects.count(),
        Konsultasjon.objects.count(),
    ) == first
    assert Fastlegeliste.objects.values("enhet").distinct().count() == 2
    assert 2 <= Fastlegeliste.objects.filter(enhet__navn="Kongsvinger legesenter").count() <= 3
    assert Listeplass.objects.filter(til__isnull=True).count() >= 150
    assert Fastlegeliste.objects.filter(lege__username="lege").exists()
    assert Timeavtale.objects.filter(status=TimeStatus.IKKE_MOETT).exists()
    assert Timeavtale.objects.filter(status=TimeStatus.BOOKET).exists()
    signert = Konsultasjon.objects.filter(status="signert")
    assert signert.exists()
    assert not signert.filter(diagnoser__isnull=True).exists()
    assert Takstlinje.objects.filter(kode="2ad").count() == signert.count()
    assert Tilknytning.objects.filter(
        ansatt__username="helsesekretaer",
        enhet__navn="Kongsvinger legesenter",
        rolle__kode="helsesekretaer",
    ).exists()
