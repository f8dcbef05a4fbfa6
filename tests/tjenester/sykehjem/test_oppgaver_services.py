"""Ticking a task on the ward's list: done / not done with a reason, changed the same day
with old and new values audited, only today's planned occurrences, only the ward's own
tiltak, only with the right to register visits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag
from core.models import Ansatt, AuditLogg
from journal.access import AccessDenied
from tests.acting import acting_as
from tests.tjenester.sykehjem.conftest import Oppgaveoppsett
from tjenester.sykehjem.models import Avdelingsoppgave, OppgaveStatus
from tjenester.sykehjem.services import avdelingsoppgave_tick

pytestmark = pytest.mark.django_db

I_DAG = idag()
KL8 = dt.time(8)


def test_nurse_ticks_a_task_done(oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt) -> None:
    # when
    with acting_as(sykepleier_avd):
        kvittering = avdelingsoppgave_tick(
            actor=sykepleier_avd,
            tiltak_id=oppgaver.drikke.pk,
            dato=I_DAG,
            tidspunkt=KL8,
            status=OppgaveStatus.UTFORT,
            grunn="ignored when done",
        )
    # then
    kvittering.refresh_from_db()
    assert (kvittering.status, kvittering.grunn, kvittering.utfort_av) == (
        OppgaveStatus.UTFORT,
        "",
        sykepleier_avd,
    )
    assert kvittering.pasient_id == oppgaver.kari.pk
    audit = AuditLogg.objects.get(hendelse=AuditEvent.AVDELINGSOPPGAVE_TICKED)
    assert audit.pasient_id == oppgaver.kari.pk
    assert audit.ekstra["status"] == "utfort"
    assert audit.ekstra["tidspunkt"] == "08:00"
    assert audit.ekstra["forrige"] is None


def test_not_done_needs_a_reason(oppgaver: Oppgaveoppsett, hfa_avd: Ansatt) -> None:
    # when / then
    with acting_as(hfa_avd), pytest.raises(ValidationError) as exc:
        avdelingsoppgave_tick(
            actor=hfa_avd,
            tiltak_id=oppgaver.drikke.pk,
            dato=I_DAG,
            tidspunkt=KL8,
            status=OppgaveStatus.IKKE_UTFORT,
            grunn="  ",
        )
    assert exc.value.message_dict == {"grunn": ["Skriv hvorfor oppgaven ikke ble utført."]}
    assert not Avdelingsoppgave.objects.exists()
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.AVDELINGSOPPGAVE_TICKED).exists()


def test_a_tick_is_changed_the_same_day_keeping_the_old_values(
    oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt, hfa_avd: Ansatt
) -> None:
    # given
    with acting_as(sykepleier_avd):
        avdelingsoppgave_tick(
            actor=sykepleier_avd,
            tiltak_id=oppgaver.hud.pk,
            dato=I_DAG,
            tidspunkt=None,
            status=OppgaveStatus.UTFORT,
        )
    # when
    with acting_as(hfa_avd):
        avdelingsoppgave_tick(
            actor=hfa_avd,
            tiltak_id=oppgaver.hud.pk,
            dato=I_DAG,
            tidspunkt=None,
            status=OppgaveStatus.IKKE_UTFORT,
            grunn="Feil pasient kvittert",
        )
    # then: one tick, now not done by the helper; the change is audited with the old values
    kvittering = Avdelingsoppgave.objects.get()
    assert (kvittering.status, kvittering.utfort_av) == (OppgaveStatus.IKKE_UTFORT, hfa_avd)
    endring = AuditLogg.objects.filter(hendelse=AuditEvent.AVDELINGSOPPGAVE_TICKED).latest(
        "tidspunkt"
    )
    assert endring.ekstra["forrige"]["status"] == "utfort"
    assert endring.ekstra["forrige"]["utfort_av"] == str(sykepleier_avd.pk)
    assert endring.ekstra["grunn"] == "Feil pasient kvittert"


@pytest.mark.parametrize("dager", [-1, 1])
def test_only_todays_tasks_can_be_ticked(
    oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt, dager: int
) -> None:
    # when / then
    with acting_as(sykepleier_avd), pytest.raises(ApplicationError, match="Bare dagens"):
        avdelingsoppgave_tick(
            actor=sykepleier_avd,
            tiltak_id=oppgaver.drikke.pk,
            dato=I_DAG + dt.timedelta(days=dager),
            tidspunkt=KL8,
            status=OppgaveStatus.UTFORT,
        )


@pytest.mark.parametrize(("tiltak", "tid"), [("drikke", dt.time(9)), ("drikke", None)])
def test_only_planned_occurrences_can_be_ticked(
    oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt, tiltak: str, tid: dt.time | None
) -> None:
    # when / then
    with acting_as(sykepleier_avd), pytest.raises(ValidationError, match="ikke planlagt"):
        avdelingsoppgave_tick(
            actor=sykepleier_avd,
            tiltak_id=getattr(oppgaver, tiltak).pk,
            dato=I_DAG,
            tidspunkt=tid,
            status=OppgaveStatus.UTFORT,
        )


def test_tiltak_of_another_unit_is_not_found(
    oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt
) -> None:
    # when / then: home care's tiltak for the same resident, and a missing one, alike
    with acting_as(sykepleier_avd):
        for tiltak_id in (oppgaver.hjemme.pk, "00000000-0000-0000-0000-000000000000"):
            with pytest.raises(NotFound):
                avdelingsoppgave_tick(
                    actor=sykepleier_avd,
                    tiltak_id=tiltak_id,
                    dato=I_DAG,
                    tidspunkt=dt.time(9),
                    status=OppgaveStatus.UTFORT,
                )


def test_leader_without_register_visit_may_not_tick(
    oppgaver: Oppgaveoppsett, leder: Ansatt
) -> None:
    # when / then
    with acting_as(leder), pytest.raises(AccessDenied):
        avdelingsoppgave_tick(
            actor=leder,
            tiltak_id=oppgaver.drikke.pk,
            dato=I_DAG,
            tidspunkt=KL8,
            status=OppgaveStatus.UTFORT,
        )
