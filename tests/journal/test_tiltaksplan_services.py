"""Care-plan services: rights, history-keeping changes, audit with old and new values, and
the database constraints (one active plan, IP needs a coordinator)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from journal.access import AccessDenied
from journal.lib.timeplan import Timeplan
from journal.models import (
    BehovStatus,
    Evaluering,
    Frekvens,
    MaalStatus,
    Pasient,
    PlanStatus,
    Tiltak,
    Tiltaksplan,
    TiltakStatus,
)
from journal.services.tiltaksplan import (
    behov_add,
    behov_resolve,
    evaluering_add,
    maal_achieve,
    maal_add,
    tiltak_add,
    tiltak_change,
    tiltak_end,
    tiltaksplan_close,
    tiltaksplan_create,
    tiltaksplan_ip_set,
)
from tests.acting import acting_as
from tests.journal.tiltaksplan_data import plan_make

pytestmark = pytest.mark.django_db

MWF_8 = Timeplan(frekvens=Frekvens.UKENTLIG, ukedager=(1, 3, 5), tidspunkter=(dt.time(8, 0),))


def _audit(event: AuditEvent) -> AuditLogg:
    row = AuditLogg.objects.filter(hendelse=event).order_by("-id").first()
    assert row is not None
    return row


def _full_plan(actor: Ansatt, pasient: Pasient, enhet: Enhet) -> tuple[Tiltaksplan, Tiltak]:
    plan = tiltaksplan_create(actor=actor, pasient_id=pasient.pk)
    behov = behov_add(actor=actor, pasient_id=pasient.pk, plan_id=plan.pk, tekst="Fare for fall")
    maal_add(actor=actor, pasient_id=pasient.pk, behov_id=behov.pk, tekst="Ingen fall")
    tiltak = tiltak_add(
        actor=actor,
        pasient_id=pasient.pk,
        plan_id=plan.pk,
        behov_id=behov.pk,
        tekst="Følge til toalett",
        ansvarlig_enhet_id=enhet.pk,
        timeplan=MWF_8,
    )
    return plan, tiltak


def test_nurse_builds_a_plan_and_every_write_is_audited(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # when
    with acting_as(lege_med_relasjon):
        plan, tiltak = _full_plan(lege_med_relasjon, pasient, enhet)
    # then
    assert plan.status == PlanStatus.AKTIV
    assert tiltak.ukedager == [1, 3, 5]
    assert tiltak.tidspunkter == [dt.time(8, 0)]
    events = set(AuditLogg.objects.filter(pasient_id=pasient.pk).values_list("hendelse", flat=True))
    assert {
        AuditEvent.TILTAKSPLAN_CREATED,
        AuditEvent.BEHOV_ADDED,
        AuditEvent.MAAL_ADDED,
        AuditEvent.TILTAK_ADDED,
    } <= events
    assert _audit(AuditEvent.TILTAK_ADDED).ekstra["tidspunkter"] == ["08:00"]
    assert _audit(AuditEvent.TILTAK_ADDED).grunnlag == "relasjon"


def test_second_active_plan_is_refused(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    with acting_as(lege_med_relasjon):
        tiltaksplan_create(actor=lege_med_relasjon, pasient_id=pasient.pk)
        # when / then
        with pytest.raises(ApplicationError, match="allerede en aktiv tiltaksplan"):
            tiltaksplan_create(actor=lege_med_relasjon, pasient_id=pasient.pk)


def test_database_allows_only_one_active_plan_per_patient(pasient: Pasient) -> None:
    # given
    plan_make(pasient)
    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        plan_make(pasient)


def test_closed_plans_do_not_count_against_the_one_active(pasient: Pasient) -> None:
    # when
    plan_make(pasient, status=PlanStatus.AVSLUTTET)
    plan_make(pasient, status=PlanStatus.AVSLUTTET)
    plan_make(pasient)
    # then
    assert Tiltaksplan.objects.filter(pasient=pasient).count() == 3


def test_database_refuses_an_individual_plan_without_coordinator(pasient: Pasient) -> None:
    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        plan_make(pasient, individuell_plan=True, koordinator=None)


def test_ip_needs_a_coordinator_and_changes_record_old_and_new(
    lege_med_relasjon: Ansatt, kollega_samme_enhet: Ansatt, pasient: Pasient
) -> None:
    # given
    with acting_as(lege_med_relasjon):
        plan = tiltaksplan_create(actor=lege_med_relasjon, pasient_id=pasient.pk)
        with pytest.raises(ValidationError) as exc:
            tiltaksplan_ip_set(
                actor=lege_med_relasjon,
                pasient_id=pasient.pk,
                plan_id=plan.pk,
                individuell_plan=True,
            )
        assert "koordinator" in exc.value.message_dict
        # when
        plan = tiltaksplan_ip_set(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            plan_id=plan.pk,
            individuell_plan=True,
            koordinator_id=kollega_samme_enhet.pk,
        )
    # then
    assert plan.koordinator == kollega_samme_enhet
    ekstra = _audit(AuditEvent.TILTAKSPLAN_IP_CHANGED).ekstra
    assert ekstra["for"] == {"individuell_plan": False, "koordinator": None}
    assert ekstra["etter"] == {"individuell_plan": True, "koordinator": str(kollega_samme_enhet.pk)}


def test_change_ends_the_old_version_and_starts_a_new_one_from_the_date(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    fra = idag() + dt.timedelta(days=3)
    with acting_as(lege_med_relasjon):
        _plan, old = _full_plan(lege_med_relasjon, pasient, enhet)
        # when
        new = tiltak_change(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            tiltak_id=old.pk,
            fra=fra,
            tekst=old.tekst,
            ansvarlig_enhet_id=enhet.pk,
            timeplan=Timeplan(frekvens=Frekvens.DAGLIG, tidspunkter=(dt.time(9, 0),)),
        )
    # then
    old.refresh_from_db()
    assert old.status == TiltakStatus.ENDRET
    assert old.slutt_dato == fra - dt.timedelta(days=1)
    assert new.start_dato == fra
    assert new.forrige_id == old.pk
    assert new.behov_id == old.behov_id
    ekstra = _audit(AuditEvent.TILTAK_CHANGED).ekstra
    assert ekstra["for"]["frekvens"] == "ukentlig"
    assert ekstra["etter"]["frekvens"] == "daglig"
    assert ekstra["for"]["tidspunkter"] == ["08:00"]


def test_change_cannot_rewrite_past_days_or_change_nothing(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    with acting_as(lege_med_relasjon):
        _plan, old = _full_plan(lege_med_relasjon, pasient, enhet)
        # when / then
        with pytest.raises(ValidationError) as exc:
            tiltak_change(
                actor=lege_med_relasjon,
                pasient_id=pasient.pk,
                tiltak_id=old.pk,
                fra=idag() - dt.timedelta(days=1),
                tekst="Noe annet",
                ansvarlig_enhet_id=enhet.pk,
                timeplan=MWF_8,
            )
        assert "fra" in exc.value.message_dict
        with pytest.raises(ApplicationError, match="Ingen endringer"):
            tiltak_change(
                actor=lege_med_relasjon,
                pasient_id=pasient.pk,
                tiltak_id=old.pk,
                fra=idag(),
                tekst=old.tekst,
                ansvarlig_enhet_id=enhet.pk,
                timeplan=MWF_8,
            )


def test_ending_a_tiltak_sets_its_end_date(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    with acting_as(lege_med_relasjon):
        _plan, tiltak = _full_plan(lege_med_relasjon, pasient, enhet)
        # when
        tiltak_end(
            actor=lege_med_relasjon, pasient_id=pasient.pk, tiltak_id=tiltak.pk, grunn="Klarer selv"
        )
        # then
        with pytest.raises(ApplicationError):
            tiltak_end(actor=lege_med_relasjon, pasient_id=pasient.pk, tiltak_id=tiltak.pk)
    tiltak.refresh_from_db()
    assert tiltak.slutt_dato == idag()
    assert tiltak.status == TiltakStatus.AVSLUTTET
    assert _audit(AuditEvent.TILTAK_ENDED).ekstra["for"] == {"slutt_dato": None}


def test_resolving_a_problem_and_achieving_a_goal(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    with acting_as(lege_med_relasjon):
        plan, tiltak = _full_plan(lege_med_relasjon, pasient, enhet)
        maal = plan.maal.get()
        # when
        maal_achieve(actor=lege_med_relasjon, pasient_id=pasient.pk, maal_id=maal.pk)
        behov = behov_resolve(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            behov_id=tiltak.behov_id,  # type: ignore[arg-type]
        )
    # then
    maal.refresh_from_db()
    tiltak.refresh_from_db()
    assert maal.status == MaalStatus.NAADD
    assert behov.status == BehovStatus.LOEST
    assert tiltak.slutt_dato == idag()  # its tiltak end with it
    assert _audit(AuditEvent.BEHOV_RESOLVED).ekstra["avsluttede_tiltak"] == [str(tiltak.pk)]


def test_closing_the_plan_ends_its_tiltak_and_frees_the_patient_for_a_new_plan(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    with acting_as(lege_med_relasjon):
        plan, tiltak = _full_plan(lege_med_relasjon, pasient, enhet)
        # when
        tiltaksplan_close(
            actor=lege_med_relasjon, pasient_id=pasient.pk, plan_id=plan.pk, grunn="Flyttet"
        )
        ny = tiltaksplan_create(actor=lege_med_relasjon, pasient_id=pasient.pk)
        # then: the closed plan cannot be changed
        with pytest.raises(ApplicationError, match="avsluttet"):
            behov_add(actor=lege_med_relasjon, pasient_id=pasient.pk, plan_id=plan.pk, tekst="X")
    tiltak.refresh_from_db()
    assert tiltak.slutt_dato == idag()
    assert ny.status == PlanStatus.AKTIV
    assert _audit(AuditEvent.TILTAKSPLAN_CLOSED).ekstra["avsluttede_tiltak"] == [str(tiltak.pk)]


def test_evaluation_of_a_goal_or_a_tiltak(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    with acting_as(lege_med_relasjon):
        plan, tiltak = _full_plan(lege_med_relasjon, pasient, enhet)
        # when
        evaluering_add(
            actor=lege_med_relasjon, pasient_id=pasient.pk, tiltak_id=tiltak.pk, tekst="Går bra"
        )
        evaluering_add(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            maal_id=plan.maal.get().pk,
            tekst="Ingen fall siste uke",
        )
        # then: exactly one of goal and tiltak
        with pytest.raises(ValidationError):
            evaluering_add(actor=lege_med_relasjon, pasient_id=pasient.pk, tekst="Hva?")
    assert Evaluering.objects.filter(plan=plan).count() == 2
    assert AuditLogg.objects.filter(hendelse=AuditEvent.EVALUERING_ADDED).count() == 2


def test_database_refuses_an_evaluation_of_both_goal_and_tiltak(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    with acting_as(lege_med_relasjon):
        plan, tiltak = _full_plan(lege_med_relasjon, pasient, enhet)
    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluering.objects.create(
            pasient=pasient,
            enhet=enhet,
            plan=plan,
            maal=plan.maal.get(),
            tiltak=tiltak,
            tekst="Begge",
            forfatter=lege_med_relasjon,
        )


def test_helsefagarbeider_may_read_but_not_plan(
    kollega_samme_enhet: Ansatt, pasient: Pasient
) -> None:
    # when / then
    with acting_as(kollega_samme_enhet), pytest.raises(AccessDenied):
        tiltaksplan_create(actor=kollega_samme_enhet, pasient_id=pasient.pk)


def test_stranger_gets_not_found(ansatt_annen_enhet: Ansatt, pasient: Pasient) -> None:
    # given
    plan = plan_make(pasient)
    # when / then
    with acting_as(ansatt_annen_enhet):
        with pytest.raises(NotFound):
            tiltaksplan_create(actor=ansatt_annen_enhet, pasient_id=pasient.pk)
        with pytest.raises(NotFound):
            behov_add(actor=ansatt_annen_enhet, pasient_id=pasient.pk, plan_id=plan.pk, tekst="X")
    assert not AuditLogg.objects.filter(
        aktor_id=ansatt_annen_enhet.pk, pasient_id=pasient.pk
    ).exists()
