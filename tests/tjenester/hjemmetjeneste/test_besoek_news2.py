"""The visit page shows the day's NEWS2 as the vitals page does: the level's colour and what
to do (issue 14: it was an unstyled "NEWS2: 7" line with no escalation advice)."""

from __future__ import annotations

import pytest

from core.models import Ansatt
from tests.conftest import logged_in
from tjenester.hjemmetjeneste.models import Besoek

pytestmark = pytest.mark.django_db

NEWS2_SJU = {
    "respirasjon": "22",
    "spo2": "95",
    "spo2_skala": "1",
    "oksygen": "oksygen",
    "systolisk": "105",
    "puls": "95",
    "bevissthet": "A",
    "temperatur": "37,0",
}


def test_visit_shows_news2_level_colour_and_escalation_advice(
    sykepleier: Ansatt, besoek_i_dag: Besoek
) -> None:
    # given
    client = logged_in(sykepleier)
    url = f"/hjemmetjeneste/besok/{besoek_i_dag.pk}/"
    before = client.get(url).content.decode()
    # when
    client.post(f"{url}maling/", NEWS2_SJU)
    page = client.get(url).content.decode()
    # then
    assert 'data-testid="news2"' not in before
    assert 'class="news2 news2-hoy news2-stor"' in page
    assert "Klinisk risiko: høy" in page
    assert "Akutt vurdering av team med kritisk kompetanse" in page


def test_visit_shows_why_a_child_gets_no_news2(sykepleier: Ansatt, besoek_i_dag: Besoek) -> None:
    # given
    pasient = besoek_i_dag.pasient
    pasient.fodselsdato = pasient.fodselsdato.replace(year=besoek_i_dag.dato.year - 2)
    pasient.save(update_fields=["fodselsdato"])
    client = logged_in(sykepleier)
    url = f"/hjemmetjeneste/besok/{besoek_i_dag.pk}/"
    # when
    client.post(f"{url}maling/", NEWS2_SJU)
    page = client.get(url).content.decode()
    # then
    assert 'data-testid="news2-unntak"' in page
    assert "news2-hoy" not in page
