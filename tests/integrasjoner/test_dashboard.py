"""The integration dashboard (/integrasjoner/): admins only; queue depth, last success,
dead letters with their error and a replay button, paged history."""

from __future__ import annotations

from typing import Any

import pytest

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet, Levering
from core.outbox import levering_deliver
from integrasjoner.standin.server import Oppforsel, Standin
from integrasjoner.velferdsteknologi.models import Avsendersystem, Utstyr
from integrasjoner.velferdsteknologi.services import ALARMSENTRAL
from tests.conftest import actor, logged_in
from tests.integrasjoner.conftest import event, post_signed

pytestmark = pytest.mark.django_db


def _ack(n: int, avsender: tuple[Avsendersystem, str], leder: Ansatt) -> None:
    response = post_signed(avsender, event(n))
    alarm_id = response.json()["id"]
    from integrasjoner.velferdsteknologi.models import Alarm

    alarm = Alarm.objects.get(hendelse_id=alarm_id)
    logged_in(leder).post(f"/velferdsteknologi/alarmer/{alarm.pk}/kvitter/")


def test_dashboard_shows_depth_success_and_dead_letters_and_replays(
    avsender: tuple[Avsendersystem, str],
    utstyr: Utstyr,
    leder: Ansatt,
    enhet: Enhet,
    standin: Standin,
    django_assert_max_num_queries: Any,
) -> None:
    # given one delivered, one dead-lettered (the central refused it) and one waiting
    admin = actor(enhet, "admin", username="drift1", hpr_nummer=None)
    _ack(1, avsender, leder)
    first = Levering.objects.get()
    assert levering_deliver(levering_id=first.id) == "levert"
    _ack(2, avsender, leder)
    standin.state.oppforsel["*"] = Oppforsel(modus="feil", status=422)
    dead = Levering.objects.exclude(id=first.id).get()
    assert levering_deliver(levering_id=dead.id) == "dod"
    standin.state.oppforsel.clear()
    _ack(3, avsender, leder)
    client = logged_in(admin)
    # when
    with django_assert_max_num_queries(15):
        overview = client.get("/integrasjoner/")
    with django_assert_max_num_queries(20):
        detail = client.get(f"/integrasjoner/mottakere/{ALARMSENTRAL}/")
    # then
    html = overview.content.decode()
    assert overview.status_code == 200
    assert ALARMSENTRAL in html
    row = html[html.index(f'data-testid="mottaker-{ALARMSENTRAL}"') :]
    assert '<td data-label="Venter" data-testid="venter">1</td>' in row
    assert 'data-testid="dod"><strong>1</strong>' in row
    page = detail.content.decode()
    assert "HTTP 422" in page
    assert page.count('data-testid="levering-rad"') == 3
    # when the admin replays the dead letter, after the central is fixed
    replay = client.post(f"/integrasjoner/leveringer/{dead.id}/send-igjen/")
    # then
    assert replay.status_code == 302
    assert levering_deliver(levering_id=dead.id) == "levert"
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.LEVERING_REPLAYED, aktor_id=admin.pk
    ).exists()
    assert [m.nokkel for m in standin.state.mottatt if m.status in (200, 201)][-1] == str(dead.id)


def test_dashboard_is_for_admins_only(leder: Ansatt, lege_med_relasjon: Ansatt) -> None:
    # given / when / then
    for person in (leder, lege_med_relasjon):
        assert logged_in(person).get("/integrasjoner/").status_code == 403
        assert logged_in(person).get(f"/integrasjoner/mottakere/{ALARMSENTRAL}/").status_code == 403
        assert (
            logged_in(person)
            .post("/integrasjoner/leveringer/00000000-0000-4000-8000-000000000000/send-igjen/")
            .status_code
            == 403
        )
