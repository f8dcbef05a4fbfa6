"""The response queue: who sees it, order, live updates, acknowledge / close / journal note,
parked events, and the alarm status reaching the alarm central's stand-in over the outbox."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet, Levering
from core.outbox import levering_deliver
from integrasjoner.standin.server import Standin
from integrasjoner.velferdsteknologi.models import Alarm, Avsendersystem, Utstyr, Velferdshendelse
from integrasjoner.velferdsteknologi.services import ALARMSENTRAL
from journal.models import Journalnotat, NotatStatus, Pasient
from tests.conftest import api_client, logged_in
from tests.factories import PasientFactory
from tests.integrasjoner.conftest import event, post_signed

pytestmark = pytest.mark.django_db

Avsender = tuple[Avsendersystem, str]
QUEUE = "/velferdsteknologi/"


def _alarm(avsender: Avsender, n: int, **fields: Any) -> Alarm:
    response = post_signed(avsender, event(n, **fields))
    assert response.status_code == 201, response.json()
    return Alarm.objects.get(hendelse_id=response.json()["id"])


def _deliver_all() -> list[str]:
    ids = Levering.objects.order_by("created_at").values_list("id", flat=True)
    return [levering_deliver(levering_id=levering_id) for levering_id in ids]


# --- access matrix -------------------------------------------------------------------------


def test_queue_access_matrix(
    avsender: Avsender,
    utstyr: Utstyr,
    operator: Ansatt,
    leder: Ansatt,
    lege_med_relasjon: Ansatt,
    ansatt_annen_enhet: Ansatt,
    admin_uten_pasienttilgang: Ansatt,
) -> None:
    # given an open alarm for the unit's patient
    alarm = _alarm(avsender, 1)
    detail = f"{QUEUE}alarmer/{alarm.pk}/"
    # when / then: respond_alarm in the patient's unit sees it
    for allowed in (operator, leder):
        page = logged_in(allowed).get(QUEUE)
        assert page.status_code == 200
        assert alarm.tittel in page.content.decode()
        assert logged_in(allowed).get(detail).status_code == 200
    # a role without respond_alarm is refused (403), whatever the patient
    for refused in (lege_med_relasjon, admin_uten_pasienttilgang):
        assert logged_in(refused).get(QUEUE).status_code == 403
        assert logged_in(refused).get(detail).status_code == 403
    # a nurse (respond_alarm) of another unit: her queue lacks the alarm, and it is "missing"
    other = logged_in(ansatt_annen_enhet).get(QUEUE)
    assert other.status_code == 200
    assert alarm.tittel not in other.content.decode()
    assert logged_in(ansatt_annen_enhet).get(detail).status_code == 404
    # anonymous: to the login page
    assert Client().get(QUEUE).status_code == 302


def test_another_units_responder_gets_404_as_for_a_missing_alarm(
    avsender: Avsender, utstyr: Utstyr, annen_enhet: Enhet
) -> None:
    # given a responder in a unit without a care relationship with the patient
    from tests.conftest import actor

    fremmed = actor(annen_enhet, "leder", username="leder2")
    alarm = _alarm(avsender, 1)
    client = logged_in(fremmed)
    # when
    page = client.get(QUEUE)
    missing = client.get(f"{QUEUE}alarmer/00000000-0000-4000-8000-000000000000/")
    theirs = client.get(f"{QUEUE}alarmer/{alarm.pk}/")
    kvitter = client.post(f"{QUEUE}alarmer/{alarm.pk}/kvitter/")
    # then
    assert alarm.tittel not in page.content.decode()
    assert missing.status_code == theirs.status_code == kvitter.status_code == 404
    alarm.refresh_from_db()
    assert alarm.status == "aapen"


def test_api_access_matrix(
    avsender: Avsender, utstyr: Utstyr, leder: Ansatt, lege_med_relasjon: Ansatt
) -> None:
    # given
    alarm = _alarm(avsender, 1)
    # when
    allowed = api_client(leder).get("/api/v1/velferdsteknologi/alarmer/")
    refused = api_client(lege_med_relasjon).get("/api/v1/velferdsteknologi/alarmer/")
    anonymous = api_client(None).get("/api/v1/velferdsteknologi/alarmer/")
    # then
    assert allowed.status_code == 200
    assert [a["id"] for a in allowed.json()] == [str(alarm.pk)]
    assert refused.status_code == 403
    assert anonymous.status_code in (401, 403)


# --- the queue -----------------------------------------------------------------------------


def test_queue_orders_by_severity_then_age_and_updates_by_polling(
    avsender: Avsender,
    utstyr: Utstyr,
    leder: Ansatt,
    django_assert_max_num_queries: Any,
) -> None:
    # given alarms of different severity and age
    now = timezone.now()
    old_low = _alarm(
        avsender, 1, type="medisin_sen", tidspunkt=(now - dt.timedelta(hours=1)).isoformat()
    )
    new_fall = _alarm(avsender, 2, type="fall", tidspunkt=now.isoformat())
    old_fall = _alarm(
        avsender, 3, type="fall", tidspunkt=(now - dt.timedelta(minutes=10)).isoformat()
    )
    client = logged_in(leder)
    # when the page polls (HTMX) for the list only
    with django_assert_max_num_queries(20):
        partial = client.get(QUEUE, headers={"HX-Request": "true"})
    # then: critical first (oldest first among them), no page chrome in the partial
    html = partial.content.decode()
    assert "<html" not in html
    positions = [html.index(str(a.pk)) for a in (old_fall, new_fall, old_low)]
    assert positions == sorted(positions)
    full = client.get(QUEUE).content.decode()
    assert 'hx-trigger="every 5s"' in full
    # a new alarm shows on the next poll
    new = _alarm(avsender, 4, type="dor")
    assert str(new.pk) in client.get(QUEUE, headers={"HX-Request": "true"}).content.decode()


def test_listing_is_audited_once_per_patient_and_window(
    avsender: Avsender, utstyr: Utstyr, leder: Ansatt, pasient: Pasient
) -> None:
    # given
    _alarm(avsender, 1)
    client = logged_in(leder)
    # when the queue polls three times
    for _ in range(3):
        client.get(QUEUE, headers={"HX-Request": "true"})
    # then
    rows = AuditLogg.objects.filter(hendelse=AuditEvent.VFT_ALARM_LISTED, aktor_id=leder.pk)
    assert [r.pasient_id for r in rows] == [pasient.pk]


# --- acknowledge, close, journal note, status to the alarm central -------------------------


def test_acknowledge_and_close_reach_the_alarm_central_once_each(
    avsender: Avsender, utstyr: Utstyr, leder: Ansatt, standin: Standin
) -> None:
    # given
    alarm = _alarm(avsender, 1)
    client = logged_in(leder)
    # when
    client.post(f"{QUEUE}alarmer/{alarm.pk}/kvitter/")
    response = client.post(
        f"{QUEUE}alarmer/{alarm.pk}/lukk/",
        {"utfall": "samtale", "dokumentasjon": "Ringte opp. Trykket ved et uhell."},
    )
    results = _deliver_all()
    _deliver_all()  # a repeated task is a no-op
    # then
    assert response.status_code == 302
    alarm.refresh_from_db()
    assert (alarm.status, alarm.utfall, alarm.kvittert_av_id, alarm.lukket_av_id) == (
        "lukket",
        "samtale",
        leder.pk,
        leder.pk,
    )
    assert alarm.notat_id is None
    assert sorted(results) == ["levert", "levert"]
    seen = standin.state.mottatt
    assert [(m.innhold["status"], m.duplikat) for m in seen] == [
        ("kvittert", False),
        ("lukket", False),
    ]
    assert seen[1].innhold["vkp_hendelse"] == "8"  # samtale
    assert seen[1].innhold["ekstern_id"] == "evt-1"
    keys = set(Levering.objects.filter(mottaker=ALARMSENTRAL).values_list("id", flat=True))
    assert {m.nokkel for m in seen} == {str(k) for k in keys}
    events = AuditLogg.objects.filter(objekt_id=str(alarm.pk)).values_list("hendelse", flat=True)
    assert AuditEvent.VFT_ALARM_ACKNOWLEDGED in events
    assert AuditEvent.VFT_ALARM_CLOSED in events


def test_acknowledging_twice_says_who_took_it(
    avsender: Avsender, utstyr: Utstyr, leder: Ansatt, operator: Ansatt
) -> None:
    # given an alarm taken by the operator
    alarm = _alarm(avsender, 1)
    logged_in(operator).post(f"{QUEUE}alarmer/{alarm.pk}/kvitter/")
    # when the leader tries too
    response = api_client(leder).post(f"/api/v1/velferdsteknologi/alarmer/{alarm.pk}/kvitter/")
    # then
    assert response.status_code == 400
    assert response.json()["detail"] == f"Alarmen er allerede kvittert av {operator}."
    assert Levering.objects.count() == 1


def test_close_with_journal_note_writes_a_signed_note(
    avsender: Avsender, utstyr: Utstyr, operator: Ansatt, pasient: Pasient
) -> None:
    # given
    alarm = _alarm(avsender, 1, type="fall")
    # when
    response = logged_in(operator).post(
        f"{QUEUE}alarmer/{alarm.pk}/lukk/",
        {
            "utfall": "utrykning",
            "dokumentasjon": "Fant bruker på gulvet, hjulpet opp.",
            "journalfor": "on",
        },
    )
    # then
    assert response.status_code == 302
    alarm.refresh_from_db()
    assert alarm.notat_id is not None
    notat = Journalnotat.objects.get(pk=alarm.notat_id)
    assert (notat.pasient_id, notat.status, notat.forfatter_id) == (
        pasient.pk,
        NotatStatus.SIGNERT,
        operator.pk,
    )
    assert notat.type.kode == "velferdsteknologi"
    assert "Fant bruker på gulvet" in notat.versjoner.get().tekst
    assert "Utfall: Utrykning" in notat.versjoner.get().tekst


def test_close_needs_outcome_and_documentation_and_a_leader_cannot_journal(
    avsender: Avsender, utstyr: Utstyr, leder: Ansatt
) -> None:
    # given
    alarm = _alarm(avsender, 1)
    client = logged_in(leder)
    # when
    empty = client.post(f"{QUEUE}alarmer/{alarm.pk}/lukk/", {})
    note = api_client(leder).post(
        f"/api/v1/velferdsteknologi/alarmer/{alarm.pk}/lukk/",
        {"utfall": "tilsyn", "dokumentasjon": "Tilsyn", "journalfor": True},
        format="json",
    )
    # then
    assert empty.status_code == 400
    html = empty.content.decode()
    assert "Velg utfallet av alarmen." in html
    assert "Skriv hva som ble gjort." in html
    assert "Rollen din gir ikke rett til å skrive journalnotat" in html
    assert note.status_code == 403
    alarm.refresh_from_db()
    assert alarm.status == "aapen"
    assert not Levering.objects.exists()


# --- parked events -------------------------------------------------------------------------


def test_parked_event_is_matched_to_a_patient_and_its_device_registered(
    avsender: Avsender, leder: Ansatt, pasient: Pasient
) -> None:
    # given an alarm from a device nobody registered
    response = post_signed(avsender, event(1, utstyr_id="TA-NY"))
    hendelse = Velferdshendelse.objects.get(pk=response.json()["id"])
    client = logged_in(leder)
    listing = client.get("/velferdsteknologi/parkert/")
    # when the responder ties it to the patient
    wrong = client.post(
        f"/velferdsteknologi/parkert/{hendelse.pk}/",
        {"identifikator": PasientFactory().identifikator},
    )
    matched = client.post(
        f"/velferdsteknologi/parkert/{hendelse.pk}/",
        {"identifikator": pasient.identifikator, "registrer_utstyr": "on"},
    )
    # then
    assert "TA-NY" in listing.content.decode()
    assert wrong.status_code == 400
    assert "Fant ingen pasient" in wrong.content.decode()
    assert matched.status_code == 302
    hendelse.refresh_from_db()
    assert (hendelse.status, hendelse.pasient_id, hendelse.koblet_av_id) == (
        "behandlet",
        pasient.pk,
        leder.pk,
    )
    assert Alarm.objects.get().pasient_id == pasient.pk
    assert Utstyr.objects.get(ekstern_id="TA-NY").pasient_id == pasient.pk
    # the device's next event arrives matched
    assert post_signed(avsender, event(2, utstyr_id="TA-NY")).json()["status"] == "behandlet"


def test_parked_events_are_only_for_the_senders_unit(
    avsender: Avsender, annen_enhet: Enhet, lege_med_relasjon: Ansatt
) -> None:
    # given a parked event, and a responder elsewhere
    from tests.conftest import actor

    response = post_signed(avsender, event(1, utstyr_id="TA-NY"))
    fremmed = actor(annen_enhet, "leder", username="leder2")
    # when / then
    assert "TA-NY" not in logged_in(fremmed).get("/velferdsteknologi/parkert/").content.decode()
    assert (
        logged_in(fremmed).get(f"/velferdsteknologi/parkert/{response.json()['id']}/").status_code
        == 404
    )
    assert logged_in(lege_med_relasjon).get("/velferdsteknologi/parkert/").status_code == 403
