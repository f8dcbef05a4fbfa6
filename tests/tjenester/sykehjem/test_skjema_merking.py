"""The rooms-and-beds page has two forms with a «navn» each: every field keeps its own id
and exactly one label (axe: duplicate-id, label multiple)."""

from __future__ import annotations

import pytest

from core.models import Ansatt, Enhet
from tests.conftest import logged_in
from tests.dom import dom_problems, labels_for

pytestmark = pytest.mark.django_db


def test_rooms_and_beds_fields_have_one_label_each(leder: Ansatt, avdeling: Enhet) -> None:
    client = logged_in(leder)
    client.post("/sykehjem/senger/", {"handling": "rom", "navn": "110"})
    html = client.get("/sykehjem/senger/").content.decode()
    assert dom_problems(html) == []
    assert labels_for(html, "id_rom_navn") == 1
    assert labels_for(html, "id_seng_navn") == 1


def test_a_failed_room_keeps_the_bed_form_apart(leder: Ansatt, avdeling: Enhet) -> None:
    response = logged_in(leder).post("/sykehjem/senger/", {"handling": "rom", "navn": "x" * 60})
    html = response.content.decode()
    assert response.status_code == 400
    assert "x" * 60 in html
    assert dom_problems(html) == []
