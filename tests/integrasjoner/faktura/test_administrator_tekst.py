"""Invoicing pages speak to an administrator: no developer notes or raw codes on the
fee-rates page, the run lists which lines could not be charged and why, and a month before
the fee rates and G exist (01.1999) is refused in Norwegian."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.models import Ansatt, Enhet
from integrasjoner.faktura.models import Fakturakjoering
from tests.conftest import logged_in
from tests.integrasjoner.faktura.conftest import JUNI, beboer, opphold_make, run_month
from tjenester.sykehjem.models import Oppholdstype

pytestmark = pytest.mark.django_db


def test_the_fee_rates_page_has_no_developer_notes(fakturaadmin: Ansatt) -> None:
    html = logged_in(fakturaadmin).get("/faktura/satser/").content.decode()
    for note in ("STANDARDS", "§7", "(?)", "Django admin", "faktura.kjoring_klar"):
        assert note not in html
    assert "eksempelverdier som kommunen må erstatte" in html


def test_the_run_lists_which_lines_could_not_be_charged_and_why(
    avdeling: Enhet, fakturaadmin: Ansatt, django_capture_on_commit_callbacks: Any
) -> None:
    # given a long-term resident with no income registered: vederlag cannot be computed
    kari = beboer("Kari")
    opphold_make(avdeling, kari, Oppholdstype.LANGTID, dt.date(2025, 1, 1))
    kjoring = run_month(fakturaadmin, JUNI, django_capture_on_commit_callbacks)
    assert kjoring.antall_avvik == 1
    # when
    html = logged_in(fakturaadmin).get(f"/faktura/kjoringer/{kjoring.pk}/").content.decode()
    # then: who and why, not just a number
    assert "1 linje kunne ikke beregnes" in html
    assert html.count('data-testid="avvik-rad"') == 1
    assert f"{kari.etternavn}, {kari.fornavn}" in html
    assert "inntekt" in html.lower()
    assert "Avvik (ikke beregnet)" not in html
    # the file format in Norwegian, not the developers' docstring
    assert "Layout (fakturagrunnlag v1)" not in html
    assert "the patient's" not in html
    assert "Pasientens fødselsnummer eller D-nummer" in html


@pytest.mark.parametrize("maned", ["1999-01", "2022-12"])
def test_a_month_before_the_fee_rates_and_g_is_refused_in_norwegian(
    fakturaadmin: Ansatt, maned: str
) -> None:
    response = logged_in(fakturaadmin).post("/faktura/", {"maned": maned})
    assert response.status_code == 400
    html = response.content.decode()
    aar, mnd = maned.split("-")
    assert f"{mnd}.{aar} kan ikke faktureres" in html
    assert "registrert fra 05.2023" in html
    assert not Fakturakjoering.objects.exists()
