"""`manage.py demo_tildeling`: cases in every state on top of the demo municipality."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.klokke import idag
from integrasjoner.meldinger.models import Melding
from journal.models import Maalform, Tjeneste
from tildeling.models import Sak, SakStatus, Tjenestetype, Varsel, VarselType, Vedtak, VedtakStatus
from tildeling.seeds import KATALOG

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_demo_tildeling_is_believable_and_idempotent() -> None:
    # given
    count = Sak.objects.count()

    # when
    call_command("demo_tildeling", stdout=StringIO())

    # then
    # the allocation demo's 15 cases, and those the message demo made from a hospital's
    # application (Helseopplysninger ved søknad)
    fra_meldinger = Melding.objects.filter(resultat__contains=[{"type": "sak"}]).count()
    assert Sak.objects.count() == count == 15 + fra_meldinger
    assert Tjenestetype.objects.count() == len(KATALOG)
    assert set(Sak.objects.values_list("status", flat=True)) == set(SakStatus.values)
    assert Vedtak.objects.filter(status=VedtakStatus.TIL_GODKJENNING).count() == 1
    assert Vedtak.objects.filter(pasient__malform=Maalform.NYNORSK, status="fattet").exists()
    assert Tjeneste.objects.filter(enhet__navn="Hjemmetjenesten Kongsvinger sone nord").exists()
    utloper = Varsel.objects.filter(type=VarselType.VEDTAK_UTLOPER, lost_at__isnull=True)
    assert utloper.count() == 2
    assert Varsel.objects.filter(type=VarselType.IKKE_STARTET).exists()
    assert Sak.objects.filter(frist__lt=idag(), status=SakStatus.MOTTATT).exists()
