"""Registering a patient: validation in Norwegian, nothing half-written, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from core.audit import AuditEvent
from core.context import system_context
from core.models import AuditLogg
from journal.models import Paaroerende, Pasient
from journal.services import PaaroerendeData, PasientData, pasient_create
from tests.factories import KommuneFactory

pytestmark = pytest.mark.django_db
TENOR = "10915596784"  # synthetic (Tenor, month + 80), born 10.11.1955


def _data(**changes: object) -> PasientData:
    values: dict[str, object] = {
        "identifikator": TENOR,
        "fornavn": "Åse",
        "etternavn": "Ødegård",
        "fodselsdato": dt.date(1955, 11, 10),
    }
    values.update(changes)
    return PasientData(**values)  # type: ignore[arg-type]


def _create(data: PasientData) -> Pasient:
    with system_context():
        return pasient_create(actor=None, data=data)


def _field_errors(data: PasientData) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        _create(data)
    return error.value.message_dict


def test_create_saves_patient_next_of_kin_and_audit_row() -> None:
    # given
    kommune = KommuneFactory(nummer="3401", navn="Kongsvinger")
    kin = PaaroerendeData(navn="Per Ødegård", relasjon="sønn", er_naermeste=True)
    # when
    pasient = _create(_data(kommunenummer="3401", paarorende=[kin]))
    # then
    assert pasient.identifikator_type == "FNR"
    assert pasient.kommune == kommune
    assert (pasient.sok_fornavn, pasient.sok_etternavn) == ("ase", "odegard")
    assert Paaroerende.objects.get(pasient=pasient).navn == "Per Ødegård"
    row = AuditLogg.objects.get(hendelse=AuditEvent.PASIENT_CREATED)
    assert row.pasient_id == pasient.pk


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"identifikator": "13097248032"}, "identifikator", "kontrollsifrene"),
        ({"identifikator": "123"}, "identifikator", "11 sifre"),
        ({"kommunenummer": "9999"}, "kommunenummer", "Ukjent kommunenummer"),
        ({"fastlege_hpr": "1234567"}, "fastlege_hpr", "Fant ingen lege"),
        (
            {"identifikator": "13527248013", "fodselsdato": dt.date(1972, 9, 13)},
            "identifikator_utsteder",
            "utsteder",
        ),
        ({"dodsdato": dt.date(1950, 1, 1)}, "dodsdato", "før fødselsdato"),
        ({"fodselsdato": dt.date(2999, 1, 1)}, "fodselsdato", "fremtiden"),
    ],
)
def test_bad_input_gets_a_norwegian_field_error_and_writes_nothing(
    changes: dict[str, object], field: str, message: str
) -> None:
    # when
    errors = _field_errors(_data(**changes))
    # then
    assert message in " ".join(errors[field])
    assert not Pasient.objects.exists()
    assert not AuditLogg.objects.exists()


def test_duplicate_identifier_is_refused() -> None:
    # given
    _create(_data())
    # when
    errors = _field_errors(_data(fornavn="Annen"))
    # then
    assert "finnes allerede" in errors["identifikator"][0]
    assert Pasient.objects.count() == 1


@override_settings(ALLOW_SYNTHETIC_IDENTITIES=False)
def test_synthetic_identity_refused_when_settings_do_not_allow() -> None:
    # when
    errors = _field_errors(_data())
    # then
    assert "Syntetiske" in errors["identifikator"][0]


def test_invalid_next_of_kin_rolls_back_the_patient() -> None:
    # given: a relation longer than the column allows
    kin = PaaroerendeData(navn="Per", relasjon="x" * 500)
    # when
    with pytest.raises(ValidationError):
        _create(_data(paarorende=[kin]))
    # then
    assert not Pasient.objects.exists()
    assert not AuditLogg.objects.exists()
