"""maling_feilregistrer: the entry stays, marked with who, when and why; audited."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Maaling, Pasient
from journal.services import MaalingData, maaling_create, maaling_invalidate
from tests.acting import acting_as
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def maling(lege_med_relasjon: Ansatt, pasient: Pasient) -> Maaling:
    with acting_as(lege_med_relasjon):
        return maaling_create(
            actor=lege_med_relasjon, pasient_id=pasient.pk, data=MaalingData(puls=72)
        )


def _feilregistrer(ansatt: Ansatt, pasient_id: uuid.UUID, maling_id: object, grunn: str) -> Maaling:
    with acting_as(ansatt):
        return maaling_invalidate(
            actor=ansatt,
            pasient_id=pasient_id,
            maling_id=maling_id,  # type: ignore[arg-type]
            grunn=grunn,
        )


def test_marks_the_measurement_with_who_when_and_why(
    kollega_samme_enhet: Ansatt, pasient: Pasient, maling: Maaling
) -> None:
    # when
    _feilregistrer(kollega_samme_enhet, pasient.pk, maling.pk, "  Feil pasient  ")
    # then
    maling.refresh_from_db()
    assert maling.feilregistrert_at is not None
    assert maling.feilregistrert_av_id == kollega_samme_enhet.pk
    assert maling.feilregistrert_grunn == "Feil pasient"
    assert maling.puls == 72  # the values are kept
    row = AuditLogg.objects.get(hendelse=AuditEvent.MALING_FEILREGISTRERT)
    assert (row.pasient_id, row.aktor_id, row.objekt_id) == (
        pasient.pk,
        kollega_samme_enhet.pk,
        str(maling.pk),
    )
    assert row.ekstra == {"grunn": "Feil pasient"}


@pytest.mark.parametrize("grunn", ["", "   "])
def test_a_reason_is_required(
    grunn: str, lege_med_relasjon: Ansatt, pasient: Pasient, maling: Maaling
) -> None:
    # when
    with pytest.raises(ValidationError) as exc:
        _feilregistrer(lege_med_relasjon, pasient.pk, maling.pk, grunn)
    # then
    assert exc.value.message_dict == {"grunn": ["Skriv hvorfor målingen er feilregistrert."]}
    maling.refresh_from_db()
    assert maling.feilregistrert_at is None
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.MALING_FEILREGISTRERT).exists()


def test_a_too_long_reason_is_rejected(
    lege_med_relasjon: Ansatt, pasient: Pasient, maling: Maaling
) -> None:
    # when / then
    with pytest.raises(ValidationError, match="høyst 500 tegn"):
        _feilregistrer(lege_med_relasjon, pasient.pk, maling.pk, "x" * 501)


def test_twice_is_refused(lege_med_relasjon: Ansatt, pasient: Pasient, maling: Maaling) -> None:
    # given
    _feilregistrer(lege_med_relasjon, pasient.pk, maling.pk, "Feil pasient")
    # when / then
    with pytest.raises(ApplicationError, match="allerede feilregistrert"):
        _feilregistrer(lege_med_relasjon, pasient.pk, maling.pk, "Igjen")


def test_stranger_and_missing_measurement_get_the_same_not_found(
    ansatt_annen_enhet: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, maling: Maaling
) -> None:
    # when / then
    with pytest.raises(NotFound):
        _feilregistrer(ansatt_annen_enhet, pasient.pk, maling.pk, "Feil")
    with pytest.raises(NotFound):
        _feilregistrer(lege_med_relasjon, pasient.pk, uuid.uuid4(), "Feil")
    maling.refresh_from_db()
    assert maling.feilregistrert_at is None


def test_the_measurement_must_belong_to_the_patient_in_the_address(
    lege_med_relasjon: Ansatt, enhet: Enhet, maling: Maaling
) -> None:
    # given: another patient the doctor may also see
    annen = PasientFactory(relasjon_til=enhet)
    # when / then
    with pytest.raises(NotFound):
        _feilregistrer(lege_med_relasjon, annen.pk, maling.pk, "Feil")
