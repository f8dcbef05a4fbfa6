"""`manage.py demo_faktura`: last month's invoice run of the demo municipality, computed as a
draft, so the invoicing pages have a run to show; a second run keeps it."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from core.klokke import idag
from core.models import Ansatt
from integrasjoner.faktura.models import Fakturakjoering, KjoeringStatus

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_last_month_is_computed_as_a_draft_once() -> None:
    # given
    forrige = (idag().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    out = StringIO()

    # when
    call_command("demo_faktura", stdout=out)

    # then
    kjoring = Fakturakjoering.objects.get()
    assert kjoring.maned == forrige
    assert kjoring.kommune.nummer == "3401"
    assert kjoring.status == KjoeringStatus.UTKAST
    assert "finnes" in out.getvalue()


def test_the_admin_sees_the_run_on_the_invoicing_page() -> None:
    # given
    client = Client()
    client.force_login(Ansatt.objects.get(username="admin"))

    # when
    response = client.get("/faktura/")

    # then
    assert response.status_code == 200
    kjoring = Fakturakjoering.objects.get()
    assert reverse("faktura:kjoring", args=[kjoring.pk]) in response.content.decode()
