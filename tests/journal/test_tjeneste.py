"""Service deliveries (journal Tjeneste): start opens, end closes the unit's relationship."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from core.audit import AuditEvent
from core.context import system_context
from core.exceptions import ApplicationError, NotFound
from core.models import Ansatt, AuditLogg, Enhet
from journal.access import AccessDenied
from journal.models import Behandlingsrelasjon, Pasient, RelasjonGrunnlag, TjenesteStatus
from journal.selectors import tjenester_for_pasient
from journal.services import TjenesteData, tjeneste_close, tjeneste_start
from tests.acting import acting_as
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_system() -> Iterator[None]:
    with system_context():
        yield


def _vedtak_relasjon(pasient: Pasient, enhet: Enhet) -> bool:
    return (
        Behandlingsrelasjon.objects.active()
        .filter(pasient=pasient, enhet=enhet, grunnlag=RelasjonGrunnlag.VEDTAK)
        .exists()
    )


DATA = TjenesteData("15", "Helsetjenester i hjemmet", fra_dato=dt.date(2025, 1, 1))


def test_start_opens_and_last_end_closes_the_relationship(as_system: None, enhet: Enhet) -> None:
    # given
    pasient = PasientFactory()
    # when
    a = tjeneste_start(actor=None, pasient_id=pasient.pk, enhet_id=enhet.pk, data=DATA)
    b = tjeneste_start(
        actor=None,
        pasient_id=pasient.pk,
        enhet_id=enhet.pk,
        data=TjenesteData("6", "Trygghetsalarm", fra_dato=dt.date(2025, 1, 1)),
    )
    # then
    assert _vedtak_relasjon(pasient, enhet)
    tjeneste_close(actor=None, tjeneste_id=a.pk, til_dato=dt.date(2025, 2, 1))
    assert _vedtak_relasjon(pasient, enhet)  # b keeps it open
    ended = tjeneste_close(actor=None, tjeneste_id=b.pk, til_dato=dt.date(2025, 2, 1))
    assert ended.status == TjenesteStatus.AVSLUTTET
    assert not _vedtak_relasjon(pasient, enhet)
    assert (
        AuditLogg.objects.filter(hendelse=AuditEvent.TJENESTE_ENDED, pasient_id=pasient.pk).count()
        == 2
    )
    with pytest.raises(ApplicationError, match="allerede avsluttet"):
        tjeneste_close(actor=None, tjeneste_id=b.pk)


def test_start_is_idempotent_per_decision(as_system: None, enhet: Enhet) -> None:
    # given
    pasient = PasientFactory()
    kilde = PasientFactory().pk  # any uuid
    # when
    first = tjeneste_start(
        actor=None, pasient_id=pasient.pk, enhet_id=enhet.pk, data=DATA, kilde_vedtak_id=kilde
    )
    second = tjeneste_start(
        actor=None, pasient_id=pasient.pk, enhet_id=enhet.pk, data=DATA, kilde_vedtak_id=kilde
    )
    # then
    assert first.pk == second.pk


def test_only_deciders_start_services(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # when / then
    with acting_as(lege_med_relasjon), pytest.raises(AccessDenied):
        tjeneste_start(actor=lege_med_relasjon, pasient_id=pasient.pk, enhet_id=enhet.pk, data=DATA)


def test_patient_services_are_read_with_access_and_audited(
    lege_med_relasjon: Ansatt, ansatt_annen_enhet: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    with system_context():
        tjeneste_start(actor=None, pasient_id=pasient.pk, enhet_id=enhet.pk, data=DATA)
    # when
    with acting_as(lege_med_relasjon):
        tjenester = tjenester_for_pasient(actor=lege_med_relasjon, pasient_id=pasient.pk)
    # then
    assert [t.navn for t in tjenester] == ["Helsetjenester i hjemmet"]
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.TJENESTE_READ, aktor_id=lege_med_relasjon.pk
    ).exists()
    with acting_as(ansatt_annen_enhet), pytest.raises(NotFound):
        tjenester_for_pasient(actor=ansatt_annen_enhet, pasient_id=pasient.pk)
