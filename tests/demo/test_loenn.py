"""`manage.py demo_lonn`: the current month's period for the demo municipality, built;
running it again builds the same period again (no second period)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.klokke import idag
from integrasjoner.lonn.models import ByggStatus, Loennslinje, Loennsperiode

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_demo_builds_the_current_month_and_is_idempotent() -> None:
    # given
    lines = Loennslinje.objects.count()
    out = StringIO()

    # when
    call_command("demo_lonn", stdout=out)

    # then
    periode = Loennsperiode.objects.get()
    today = idag()
    assert periode.kommune.nummer == "3401"
    assert periode.fra_dato == today.replace(day=1)
    assert periode.fra_dato <= today <= periode.til_dato
    assert periode.bygg_status == ByggStatus.FERDIG
    assert Loennslinje.objects.count() == lines
    assert Loennslinje.objects.filter(kilde="vakt_hjemmetjeneste").exists()
    assert Loennslinje.objects.filter(kilde="vakt_sykehjem").exists()
    assert "er bygget (ferdig" in out.getvalue()
