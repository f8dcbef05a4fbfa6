"""journal.services.pasient_dodsdato_set: the date of death, from a hospital's message (the
system) or a person who may register patients; never in the future or before birth."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.audit import AuditEvent
from core.context import system_context
from core.klokke import idag
from core.models import Ansatt, AuditLogg
from journal.access import AccessDenied
from journal.models import Pasient
from journal.services import pasient_dodsdato_set
from tests.acting import acting_as

pytestmark = pytest.mark.django_db


def test_the_system_records_a_date_of_death_once_audited(pasient: Pasient) -> None:
    dag = idag() - dt.timedelta(days=2)
    with system_context():
        pasient_dodsdato_set(actor=None, pasient_id=pasient.pk, dato=dag, kilde="melding x")
        pasient_dodsdato_set(actor=None, pasient_id=pasient.pk, dato=dag, kilde="melding x")
    pasient.refresh_from_db()
    assert pasient.dodsdato == dag
    rader = AuditLogg.objects.filter(
        hendelse=AuditEvent.PASIENT_DODSDATO_SET, pasient_id=pasient.pk
    )
    assert rader.count() == 1


def test_future_and_before_birth_are_refused(pasient: Pasient) -> None:
    with system_context():
        with pytest.raises(ValidationError, match="fram i tid"):
            pasient_dodsdato_set(
                actor=None, pasient_id=pasient.pk, dato=idag() + dt.timedelta(days=1), kilde=""
            )
        with pytest.raises(ValidationError, match="før fødselsdato"):
            pasient_dodsdato_set(
                actor=None,
                pasient_id=pasient.pk,
                dato=pasient.fodselsdato - dt.timedelta(days=1),
                kilde="",
            )
    pasient.refresh_from_db()
    assert pasient.dodsdato is None


def test_a_role_that_may_not_register_patients_is_refused(
    pasient: Pasient, kollega_samme_enhet: Ansatt
) -> None:
    with acting_as(kollega_samme_enhet), pytest.raises(AccessDenied):
        pasient_dodsdato_set(
            actor=kollega_samme_enhet, pasient_id=pasient.pk, dato=idag(), kilde=""
        )
