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
from tests.tjenester.hjemmetjeneste.factories import BesoekFactory, BesoeksoppgaveFactory
from tjenester.hjemmetjeneste.models import Avvik, Besoek, BesoekStatus
from tjenester.hjemmetjeneste.selectors import besoek_get, utfoert_tid
from tjenester.hjemmetjeneste.services import (
    avvik_create,
    besoek_check_in,
    besoek_check_out,
    besoek_flag_late,
    besoek_notat_create,
    oppgave_register,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def besok(enhet: Enhet, pasient: Pasient, kollega_samme_enhet: Ansatt) -> Besoek:
    return BesoekFactory(enhet=enhet, pasient=pasient, ansatt=kollega_samme_enhet)


def test_check_in_and_out_records_the_minutes_and_who(
    besok: Besoek, kollega_samme_enhet: Ansatt
) -> None:
    # when: checked in, 26 min 40 s pass, checked out
    with acting_as(kollega_samme_enhet):
        besoek_check_in(actor=kollega_samme_enhet, besok_id=besok.pk)
        Besoek.objects.filter(pk=besok.pk).update(
            innsjekk_at=klokke.naa() - dt.timedelta(minutes=26, seconds=40)
        )
        besoek_check_out(actor=kollega_samme_enhet, besok_id=besok.pk)
    # then
    besok.refresh_from_db()
    assert besok.status == BesoekStatus.UTFORT
    assert besok.faktisk_min == 27
    assert besok.utfort_av_id == kollega_samme_enhet.pk
    events = list(
        AuditLogg.objects.filter(pasient_id=besok.pasient_id).values_list("hendelse", flat=True)
    )
    assert AuditEvent.BESOK_CHECKED_IN in events
    assert AuditEvent.BESOK_CHECKED_OUT in events


def test_check_out_before_check_in_is_a_clear_400(
    besok: Besoek, kollega_samme_enhet: Ansatt
) -> None:
    with acting_as(kollega_samme_enhet), pytest.raises(ApplicationError) as exc:
        besoek_check_out(actor=kollega_samme_enhet, besok_id=besok.pk)
    assert exc.value.status_code == 400
    assert "Sjekk inn" in str(exc.value.message)


def test_ticking_tasks_done_and_not_done_with_a_reason(
    besok: Besoek, kollega_samme_enhet: Ansatt
) -> None:
    # given
    gjort, ikke = BesoeksoppgaveFactory(besok=besok), BesoeksoppgaveFactory(besok=besok)
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


def test_a_task_of_another_visit_is_not_found(besok: Besoek, kollega_samme_enhet: Ansatt) -> None:
    annen = BesoeksoppgaveFactory(besok=BesoekFactory(enhet=besok.enhet, pasient=besok.pasient))
    with acting_as(kollega_samme_enhet), pytest.raises(NotFound):
        oppgave_register(
            actor=kollega_samme_enhet, besok_id=besok.pk, oppgave_id=annen.pk, utfort=True
        )


def test_quick_note_is_a_signed_nursing_note(besok: Besoek, lege_med_relasjon: Ansatt) -> None:
    # given
    NotattypeFactory()
    # when
    with acting_as(lege_med_relasjon):
        notat = besoek_notat_create(
            actor=lege_med_relasjon, besok_id=besok.pk, tekst="Blodtrykk lavt, svimmel."
        )
    # then
    notat = Journalnotat.objects.get(pk=notat.pk)
    assert notat.status == NotatStatus.SIGNERT
    assert notat.pasient_id == besok.pasient_id
    assert "Hjemmebesøk" in notat.tittel


def test_deviation_goes_to_the_district(besok: Besoek, kollega_samme_enhet: Ansatt) -> None:
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
    besok: Besoek, ansatt_annen_enhet: Ansatt
) -> None:
    with acting_as(ansatt_annen_enhet):
        with pytest.raises(NotFound):
            besoek_get(actor=ansatt_annen_enhet, besok_id=besok.pk)
        with pytest.raises(NotFound):
            besoek_check_in(actor=ansatt_annen_enhet, besok_id=besok.pk)
    assert not AuditLogg.objects.filter(aktor_id=ansatt_annen_enhet.pk).exists()


def test_an_administrator_without_patient_rights_is_refused(
    besok: Besoek, admin_uten_pasienttilgang: Ansatt
) -> None:
    with acting_as(admin_uten_pasienttilgang), pytest.raises(AccessDenied):
        besoek_check_in(actor=admin_uten_pasienttilgang, besok_id=besok.pk)


def test_a_visit_not_checked_in_by_the_end_of_its_window_is_flagged_once(
    enhet: Enhet, pasient: Pasient
) -> None:
    # given: today 08–09; one done visit; one later today
    today = klokke.idag()
    missed = BesoekFactory(enhet=enhet, pasient=pasient, dato=today)
    BesoekFactory(enhet=enhet, pasient=pasient, dato=today, status=BesoekStatus.UTFORT)
    later = BesoekFactory(
        enhet=enhet, pasient=pasient, dato=today, fra_tid=dt.time(20), til_tid=dt.time(21)
    )
    ten = timezone.make_aware(dt.datetime.combine(today, dt.time(10)))
    # when
    with system_context():
        first = besoek_flag_late(naa=ten)
        second = besoek_flag_late(naa=ten + dt.timedelta(minutes=5))
    # then
    assert (first, second) == (1, 0)
    assert Besoek.objects.get(pk=missed.pk).varslet_at == ten
    assert Besoek.objects.get(pk=later.pk).varslet_at is None
    assert AuditLogg.objects.filter(hendelse=AuditEvent.BESOK_MISSED).count() == 1


def test_performed_time_rows_for_payroll(enhet: Enhet, pasient: Pasient) -> None:
    # given
    ansatt = Ansatt.objects.create(username="hfa9", first_name="Hanne", last_name="Hjelp")
    start = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)
    BesoekFactory(
        enhet=enhet,
        pasient=pasient,
        dato=dt.date(2026, 3, 2),
        status=BesoekStatus.UTFORT,
        utfort_av=ansatt,
        innsjekk_at=start,
        utsjekk_at=start + dt.timedelta(minutes=25),
        faktisk_min=25,
    )
    BesoekFactory(enhet=enhet, pasient=pasient, dato=dt.date(2026, 3, 2))  # not done
    # when
    with system_context():
        rows = utfoert_tid(fra=dt.date(2026, 3, 1), til=dt.date(2026, 3, 7), enhet_ids=[enhet.pk])
    # then
    assert [(r.ansatt_navn, r.minutter, r.planlagt_min, r.pasient_id) for r in rows] == [
        ("Hanne Hjelp", 25, 20, pasient.pk)
    ]
    assert AuditLogg.objects.filter(hendelse=AuditEvent.UTFORT_TID_READ).exists()


def test_performed_time_needs_the_leader_right(enhet: Enhet, kollega_samme_enhet: Ansatt) -> None:
    with acting_as(kollega_samme_enhet), pytest.raises(AccessDenied):
        utfoert_tid(
            actor=kollega_samme_enhet,
            fra=dt.date(2026, 3, 1),
            til=dt.date(2026, 3, 1),
            enhet_ids=[enhet.pk],
        )
