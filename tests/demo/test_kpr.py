"""`manage.py demo_kpr`: the demo municipality's KPR report for the last 90 days, built from
the demo data (`make run`), valid against the XSDs, with the persons lacking an assessment
listed; a second run keeps it."""

from __future__ import annotations

import datetime as dt
import gzip
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from core.klokke import idag
from core.models import Ansatt
from integrasjoner.kith.lib.xsd import xsd_errors
from integrasjoner.kpr.lib.melding import IDE_SKJEMA, IPL_SKJEMA
from integrasjoner.kpr.models import Kprrapport, RapportStatus

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_the_report_is_built_valid_once() -> None:
    # when
    out = StringIO()
    call_command("demo_kpr", stdout=out)
    # then
    rapport = Kprrapport.objects.get()
    assert rapport.kommune.nummer == "3401"
    assert rapport.til_dato == idag() - dt.timedelta(days=1)
    assert rapport.status == RapportStatus.KLAR, rapport.feil
    assert rapport.antall_rapportert > 0
    assert xsd_errors(gzip.decompress(bytes(rapport.ipl_gz or b"")), IPL_SKJEMA) == []
    assert xsd_errors(gzip.decompress(bytes(rapport.ide_gz or b"")), IDE_SKJEMA) == []
    assert "finnes" in out.getvalue()


def test_the_case_officer_sees_the_report_and_who_lacks_an_assessment() -> None:
    # given
    client = Client()
    client.force_login(Ansatt.objects.get(username="saksbehandler"))
    rapport = Kprrapport.objects.get()
    # when
    listing = client.get("/kpr/")
    page = client.get(reverse("kpr:rapport", args=[rapport.pk]))
    # then
    assert listing.status_code == page.status_code == 200
    assert reverse("kpr:rapport", args=[rapport.pk]) in listing.content.decode()
    assert page.content.decode().count('data-testid="mangel-rad"') == min(
        rapport.antall_mangler, 50
    )
