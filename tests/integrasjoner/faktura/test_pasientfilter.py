"""The run page's patient filter takes what an administrator types: a name or a
fødselsnummer (issue 14: a typed name answered a full-page 404)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.models import Ansatt, Enhet
from integrasjoner.faktura.models import Fakturagrunnlag, Fakturakjoering
from tests.conftest import logged_in
from tests.integrasjoner.faktura.conftest import JUNI, beboer, inntekt_make, opphold_make, run_month
from tjenester.sykehjem.models import Oppholdstype

pytestmark = pytest.mark.django_db


@pytest.fixture
def kjoring(
    avdeling: Enhet, fakturaadmin: Ansatt, django_capture_on_commit_callbacks: Any
) -> Fakturakjoering:
    for navn in ("Kari", "Per"):
        pasient = beboer(navn)
        opphold_make(avdeling, pasient, Oppholdstype.LANGTID, dt.date(2025, 1, 1))
        inntekt_make(pasient, 2025, "300000")
    return run_month(fakturaadmin, JUNI, django_capture_on_commit_callbacks)


@pytest.mark.parametrize("typed", ["name", "first letters", "fnr", "id"])
def test_filter_by_what_is_typed(
    kjoring: Fakturakjoering, fakturaadmin: Ansatt, typed: str
) -> None:
    # given
    line = Fakturagrunnlag.objects.filter(kjoring=kjoring, pasient__fornavn="Per").first()
    assert line is not None
    pasient = line.pasient
    value = {
        "name": f"{pasient.fornavn} {pasient.etternavn}",
        "first letters": pasient.fornavn[:2].lower(),
        "fnr": pasient.identifikator,
        "id": str(pasient.pk),
    }[typed]
    # when
    response = logged_in(fakturaadmin).get(f"/faktura/kjoringer/{kjoring.pk}/", {"pasient": value})
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="linje"') >= 1
    assert "Kari" not in html.split('data-testid="linjer"')[1]
    assert f'value="{value}"' in html


def test_a_name_nobody_has_gives_an_empty_list_not_an_error_page(
    kjoring: Fakturakjoering, fakturaadmin: Ansatt
) -> None:
    # when
    response = logged_in(fakturaadmin).get(
        f"/faktura/kjoringer/{kjoring.pk}/", {"pasient": "Ingen Slikperson"}
    )
    # then
    assert response.status_code == 200
    assert 'data-testid="linje"' not in response.content.decode()
