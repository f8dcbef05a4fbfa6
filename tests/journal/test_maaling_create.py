"""maling_create: access, plausibility ranges in Norwegian, NEWS2 stored, audited."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.klokke import naa
from core.models import Ansatt, AuditLogg, Enhet
from journal.access import AccessDenied
from journal.models import Bevissthet, Maaling, News2Nivaa, Pasient
from journal.services import MaalingData, maaling_create
from tests.acting import acting_as
from tests.conftest import actor

pytestmark = pytest.mark.django_db

# Respiration 22 (2) + SpO2 95 (1) + oxygen (2) + systolic 105 (1) + pulse 95 (1) = 7.
NEWS2_SJU = MaalingData(
    respirasjon=22,
    spo2=95,
    oksygen=True,
    systolisk=105,
    diastolisk=70,
    puls=95,
    bevissthet=Bevissthet.A,
    temperatur=Decimal("37.0"),
)


def _create(ansatt: Ansatt, pasient_id: object, **values: Any) -> Maaling:
    with acting_as(ansatt):
        return maaling_create(actor=ansatt, pasient_id=pasient_id, data=MaalingData(**values))  # type: ignore[arg-type]


def _errors(ansatt: Ansatt, pasient: Pasient, **values: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        _create(ansatt, pasient.pk, **values)
    return exc.value.message_dict


def test_full_set_stores_news2_and_level_in_the_acting_unit(
    lege_med_relasjon: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # when
    with acting_as(lege_med_relasjon):
        maling = maaling_create(actor=lege_med_relasjon, pasient_id=pasient.pk, data=NEWS2_SJU)
    # then
    maling.refresh_from_db()
    assert (maling.news2, maling.news2_niva) == (7, News2Nivaa.HOY)
    assert maling.pasient_id == pasient.pk
    assert maling.enhet_id == enhet.pk
    assert maling.registrert_av_id == lege_med_relasjon.pk
    assert maling.temperatur == Decimal("37.0")
    assert maling.tidspunkt <= naa()


def test_creation_is_audited_with_the_basis_of_the_access(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    maling = _create(lege_med_relasjon, pasient.pk, puls=72)
    # then
    row = AuditLogg.objects.get(hendelse=AuditEvent.MALING_CREATED)
    assert (row.pasient_id, row.aktor_id, row.objekt_id) == (
        pasient.pk,
        lege_med_relasjon.pk,
        str(maling.pk),
    )
    assert row.grunnlag == "relasjon"


def test_a_health_worker_may_register(kollega_samme_enhet: Ansatt, pasient: Pasient) -> None:
    # when
    maling = _create(kollega_samme_enhet, pasient.pk, vekt=Decimal("71.4"))
    # then
    assert maling.vekt == Decimal("71.4")


def test_incomplete_set_stores_no_news2(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    maling = _create(lege_med_relasjon, pasient.pk, puls=72, systolisk=120, diastolisk=80)
    # then
    maling.refresh_from_db()
    assert maling.news2 is None
    assert maling.news2_niva == ""


def test_given_time_is_kept(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    then = naa() - dt.timedelta(hours=3)
    # when
    maling = _create(lege_med_relasjon, pasient.pk, puls=72, tidspunkt=then)
    # then
    assert maling.tidspunkt == then


@pytest.mark.parametrize(
    ("felt", "verdi", "melding"),
    [
        (
            "systolisk",
            39,
            "Systolisk blodtrykk 39 mmHg er ikke mulig. Oppgi en verdi mellom 40 og 300.",
        ),
        ("systolisk", 301, "Systolisk blodtrykk 301 mmHg er ikke mulig."),
        ("puls", 19, "Puls 19 /min er ikke mulig. Oppgi en verdi mellom 20 og 250."),
        ("puls", 251, "Puls 251 /min er ikke mulig."),
        (
            "respirasjon",
            2,
            "Respirasjonsfrekvens 2 /min er ikke mulig. Oppgi en verdi mellom 3 og 80.",
        ),
        ("respirasjon", 81, "Respirasjonsfrekvens 81 /min er ikke mulig."),
        ("spo2", 49, "SpO₂ 49 % er ikke mulig. Oppgi en verdi mellom 50 og 100."),
        ("spo2", 101, "SpO₂ 101 % er ikke mulig."),
        (
            "temperatur",
            Decimal("24.9"),
            "Temperatur 24,9 °C er ikke mulig. Oppgi en verdi mellom 25,0 og 45,0.",
        ),
        ("temperatur", Decimal("45.1"), "Temperatur 45,1 °C er ikke mulig."),
        ("vekt", Decimal("0.2"), "Vekt 0,2 kg er ikke mulig. Oppgi en verdi mellom 0,3 og 400,0."),
        ("vekt", Decimal("400.1"), "Vekt 400,1 kg er ikke mulig."),
        (
            "blodsukker",
            Decimal("0.4"),
            "Blodsukker 0,4 mmol/l er ikke mulig. Oppgi en verdi mellom 0,5 og 50,0.",
        ),
        ("blodsukker", Decimal("50.1"), "Blodsukker 50,1 mmol/l er ikke mulig."),
    ],
)
def test_physiologically_impossible_values_are_rejected_per_field(
    felt: str, verdi: object, melding: str, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    errors = _errors(lege_med_relasjon, pasient, **{felt: verdi})
    # then
    assert list(errors) == [felt]
    assert errors[felt][0].startswith(melding)
    assert not Maaling.objects.exists()
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.MALING_CREATED).exists()


@pytest.mark.parametrize(
    "values",
    [
        {"systolisk": 40},
        {"systolisk": 300, "diastolisk": 200},
        {"systolisk": 60, "diastolisk": 20},
        {"puls": 20},
        {"puls": 250},
        {"respirasjon": 3},
        {"respirasjon": 80},
        {"spo2": 50},
        {"spo2": 100},
        {"temperatur": Decimal("25.0")},
        {"temperatur": Decimal("45.0")},
        {"vekt": Decimal("0.3")},
        {"vekt": Decimal("400")},
        {"blodsukker": Decimal("0.5")},
        {"blodsukker": Decimal("50.0")},
    ],
)
def test_the_limits_themselves_are_accepted(
    values: dict[str, object], lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    maling = _create(lege_med_relasjon, pasient.pk, **values)
    # then
    maling.refresh_from_db()
    for felt, verdi in values.items():
        assert getattr(maling, felt) == verdi


def test_diastolic_must_be_below_systolic(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    errors = _errors(lege_med_relasjon, pasient, systolisk=120, diastolisk=120)
    # then
    assert errors == {"diastolisk": ["Diastolisk blodtrykk må være lavere enn systolisk."]}


def test_diastolic_alone_is_rejected(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    errors = _errors(lege_med_relasjon, pasient, diastolisk=80)
    # then
    assert errors == {
        "diastolisk": ["Diastolisk blodtrykk registreres sammen med systolisk blodtrykk."]
    }


def test_at_least_one_value_is_required(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when / then: air/oxygen and the SpO2 scale alone are no measurement
    with pytest.raises(ApplicationError, match="Registrer minst én måleverdi"):
        _create(lege_med_relasjon, pasient.pk, oksygen=False, spo2_skala=2)
    assert not Maaling.objects.exists()


def test_time_in_the_future_is_rejected(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    errors = _errors(lege_med_relasjon, pasient, puls=70, tidspunkt=naa() + dt.timedelta(hours=1))
    # then
    assert errors == {"tidspunkt": ["Tidspunktet kan ikke være fram i tid."]}


def test_a_clock_a_minute_ahead_is_not_the_future(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    maling = _create(
        lege_med_relasjon, pasient.pk, puls=70, tidspunkt=naa() + dt.timedelta(minutes=1)
    )
    # then
    assert maling.pk is not None


def test_more_than_one_decimal_is_rejected(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    errors = _errors(lege_med_relasjon, pasient, temperatur=Decimal("37.25"))
    # then
    assert errors == {"temperatur": ["Temperatur oppgis med én desimal."]}


def test_unknown_consciousness_and_scale_are_rejected(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    errors = _errors(lege_med_relasjon, pasient, bevissthet="X", spo2=95, spo2_skala=3)
    # then
    assert set(errors) == {"bevissthet", "spo2_skala"}


def test_all_errors_are_reported_at_once(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    errors = _errors(lege_med_relasjon, pasient, puls=400, spo2=120, temperatur=Decimal("50.0"))
    # then
    assert set(errors) == {"puls", "spo2", "temperatur"}


def test_stranger_gets_not_found_whatever_they_send(
    ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    # when / then: even impossible values give NotFound, not a validation error
    for values in ({"puls": 70}, {"puls": 999}):
        with pytest.raises(NotFound):
            _create(ansatt_annen_enhet, pasient.pk, **values)
    assert not Maaling.objects.exists()
    assert not AuditLogg.objects.filter(pasient_id=pasient.pk).exists()


def test_missing_patient_is_the_same_not_found(lege_med_relasjon: Ansatt) -> None:
    # when / then
    with pytest.raises(NotFound):
        _create(lege_med_relasjon, uuid.uuid4(), puls=70)


def test_role_without_the_right_to_document_is_refused(enhet: Enhet, pasient: Pasient) -> None:
    # given: a unit leader may read the record but not document in it
    leder = actor(enhet, "leder", username="leder1")
    # when / then
    with pytest.raises(AccessDenied):
        _create(leder, pasient.pk, puls=70)
    assert not Maaling.objects.exists()
