"""On the visit: check-in/out with actual minutes, ticking tasks, the quick note,
deviations; missed-visit flagging; performed time; access for the named actors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core import klokke
from core.audit import AuditEvent
from core.context import system_context
from core.exceptions import ApplicationError, NotFound
from core.models import Ansatt, AuditLogg, Enhet
from journal.access import AccessDenied
from journal.models import Journalnotat, NotatStatus, Pasient
from tests.acting import acting_as
from tests.factories import NotattypeFactory
from tests.tjenester.hjemmetjeneste.factories import BesokFactory, BesoksoppgaveFactory
from tjenester.hjemmetjeneste.models import Avvik, Besok, BesokStatus
from tjenester.hjemmetjeneste.selectors import besok_get, utfort_tid
from tjenester.hjemmetjeneste.services import (
    avvik_create,
    besok_check_in,
    besok_check_out,
    besok_flag_late,
    besok_notat_create,
    oppgave_register,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def besok(enhet: Enhet, pasient: Pasient, kollega_samme_enhet: Ansatt) -> Besok:
    return BesokFactory(enhet=enhet, pasient=pasient, ansatt=kollega_samme_enhet)


def test_check_in_and_out_records_the_minutes_and_who(
    besok: Besok, kollega_samme_enhet: Ansatt
) -> None:
    # when: checked in, 26 min 40 s pass, checked out
    with acting_as(kollega_samme_enhet):
        besok_check_in(actor=kollega_samme_enhet, besok_id=besok.pk)
        Besok.objects.filter(pk=besok.pk).update(
            innsjekk_at=klokke.naa() - dt.timedelta(minutes=26, seconds=40)
        )
        besok_check_out(actor=kollega_samme_enhet, besok_id=besok.pk)
    # then
    besok.refresh_from_db()
    assert besok.status == BesokStatus.UTFORT
    assert besok.faktisk_min == 27
    assert besok.utfort_av_id == kollega_samme_enhet.pk
    events = list(
        AuditLogg.objects.filter(pasient_id=besok.pasient_id).values_list("hendelse", flat=True)
    )
    assert AuditEvent.BESOK_CHECKED_IN in events
    assert AuditEvent.BESOK_CHECKED_OUT in events


def test_check_out_before_check_in_is_a_clear_400(
    besok: Besok, kollega_samme_enhet: Ansatt
) -> None:
    with acting_as(kollega_samme_enhet), pytest.raises(ApplicationError) as exc:
        besok_check_out(actor=kollega_samme_enhet, besok_id=besok.pk)
    assert exc.value.status_code == 400
    assert "Sjekk inn" in str(exc.value.message)


def test_ticking_tasks_done_and_not_done_with_a_reason(
    besok: Besok, kollega_samme_enhet: Ansatt
) -> None:
    # given
    gjort, ikke = BesoksoppgaveFactory(besok=besok), BesoksoppgaveFactory(besok=besok)
    with acting_as(kollega_samme_enhet):
        # when
        oppgave_register(
            actor=kollega_samme_enhet, besok_id=besok.pk, oppgave_id=gjort.pk, utfort=True
        )
        with pytest.raises(ValidationError) as exc:
            oppgave_register(
                actor=kollega_samme_enhet, besok_id=besok.pk, oppgave_id=ikke.pk, utfort=False
            )
        oppgave_register(
            actor=kollega_samme_enhet,
            besok_id=besok.pk,
            oppgave_id=ikke.pk,
            utfort=False,
            grunn="Pasienten ville ikke",
        )
    # then
    gjort.refresh_from_db()
    ikke.refresh_from_db()
    assert "grunn" in exc.value.message_dict
    assert (gjort.utfort, ikke.utfort, ikke.grunn) == (True, False, "Pasienten ville ikke")
    assert AuditLogg.objects.filter(hendelse=AuditEvent.BESOK_OPPGAVE_TICKED).count() == 2


def test_a_task_of_another_visit_is_not_found(besok: Besok, kollega_samme_enhet: Ansatt) -> None:
    annen = BesoksoppgaveFactory(besok=BesokFactory(enhet=besok.enhet, pasient=besok.pasient))
    with acting_as(kollega_samme_enhet), pytest.raises(NotFound):
        oppgave_register(
            actor=kollega_samme_enhet, besok_id=besok.pk, oppgave_id=annen.pk, utfort=True
        )


def test_quick_note_is_a_signed_nursing_note(besok: Besok, lege_med_relasjon: Ansatt) -> None:
    # given
    NotattypeFactory()
    # when
    with acting_as(lege_med_relasjon):
        notat = besok_notat_create(
            actor=lege_med_relasjon, besok_id=besok.pk, tekst="Blodtrykk lavt, svimmel."
        )
    # then
    notat = Journalnotat.objects.get(pk=notat.pk)
    assert notat.status == NotatStatus.SIGNERT
    assert notat.pasient_id == besok.pasient_id
    assert "Hjemmebesøk" in notat.tittel


def test_deviation_goes_to_the_district(besok: Besok, kollega_samme_enhet: Ansatt) -> None:
    with acting_as(kollega_samme_enhet):
        with pytest.raises(ValidationError):
            avvik_create(actor=kollega_samme_enhet, besok_id=besok.pk, kategori="x", tekst="")
        avvik_create(
            actor=kollega_samme_enhet,
            besok_id=besok.pk,
            kategori="fall",
            tekst="Funnet på gulvet",
        )
    avvik = Avvik.objects.get()
    assert (avvik.enhet_id, avvik.besok_id, avvik.meldt_av_id) == (
        besok.enhet_id,
        besok.pk,
        kollega_samme_enhet.pk,
    )


def test_staff_of_another_district_get_404_and_no_read_is_logged(
    besok: Besok, ansatt_annen_enhet: Ansatt
) -> None:
    with acting_as(ansatt_annen_enhet):
        with pytest.raises(NotFound):
            besok_get(actor=ansatt_annen_enhet, besok_id=besok.pk)
        with pytest.raises(NotFound):
            besok_check_in(actor=ansatt_annen_enhet, besok_id=besok.pk)
    assert not AuditLogg.objects.filter(aktor_id=ansatt_annen_enhet.pk).exists()


def test_an_administrator_without_patient_rights_is_refused(
    besok: Besok, admin_uten_pasienttilgang: Ansatt
) -> None:
    with acting_as(admin_uten_pasienttilgang), pytest.raises(AccessDenied):
        besok_check_in(actor=admin_uten_pasienttilgang, besok_id=besok.pk)


def test_a_visit_not_checked_in_by_the_end_of_its_window_is_flagged_once(
    enhet: Enhet, pasient: Pasient
) -> None:
    # given: today 08–09; one done visit; one later today
    today = klokke.idag()
    missed = BesokFactory(enhet=enhet, pasient=pasient, dato=today)
    BesokFactory(enhet=enhet, pasient=pasient, dato=today, status=BesokStatus.UTFORT)
    later = BesokFactory(
        enhet=enhet, pasient=pasient, dato=today, fra_tid=dt.time(20), til_tid=dt.time(21)
    )
    ten = timezone.make_aware(dt.datetime.combine(today, dt.time(10)))
    # when
    with system_context():
        first = besok_flag_late(naa=ten)
        second = besok_flag_late(naa=ten + dt.timedelta(minutes=5))
    # then
    assert (first, second) == (1, 0)
    assert Besok.objects.get(pk=missed.pk).varslet_at == ten
    assert Besok.objects.get(pk=later.pk).varslet_at is None
    assert AuditLogg.objects.filter(hendelse=AuditEvent.BESOK_MISSED).count() == 1


def test_performed_time_rows_for_payroll(enhet: Enhet, pasient: Pasient) -> None:
    # given
    ansatt = Ansatt.objects.create(username="hfa9", first_name="Hanne", last_name="Hjelp")
    start = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)
    BesokFactory(
        enhet=enhet,
        pasient=pasient,
        dato=dt.date(2026, 3, 2),
        status=BesokStatus.UTFORT,
        utfort_av=ansatt,
        innsjekk_at=start,
        utsjekk_at=start + dt.timedelta(minutes=25),
        faktisk_min=25,
    )
    BesokFactory(enhet=enhet, pasient=pasient, dato=dt.date(2026, 3, 2))  # not done
    # when
    with system_context():
        rows = utfort_tid(fra=dt.date(2026, 3, 1), til=dt.date(2026, 3, 7), enhet_ids=[enhet.pk])
    # then
    assert [(r.ansatt_navn, r.minutter, r.planlagt_min, r.pasient_id) for r in rows] == [
        ("Hanne Hjelp", 25, 20, pasient.pk)
    ]
    assert AuditLogg.objects.filter(hendelse=AuditEvent.UTFORT_TID_READ).exists()


def test_performed_time_needs_the_leader_right(enhet: Enhet, kollega_samme_enhet: Ansatt) -> None:
    with acting_as(kollega_samme_enhet), pytest.raises(AccessDenied):
        utfort_tid(
            actor=kollega_samme_enhet,
            fra=dt.date(2026, 3, 1),
            til=dt.date(2026, 3, 1),
            enhet_ids=[enhet.pk],
        )
