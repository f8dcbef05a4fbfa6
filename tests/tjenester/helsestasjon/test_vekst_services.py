"""Registering growth: the values a nurse types, the Norwegian refusals, nothing half-written."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError

from core.audit import AuditEvent
from core.exceptions import NotFound
from core.models import Ansatt, AuditLogg
from journal.models import Pasient
from tests.acting import acting_as
from tjenester.helsestasjon.models import Fodselsopplysning, Vekstmaaling
from tjenester.helsestasjon.services import (
    VekstmaalingData,
    fodselsopplysning_save,
    vekstmaaling_register,
)

pytestmark = pytest.mark.django_db


def _register(ansatt: Ansatt, pasient_id: object, **values: object) -> Vekstmaaling:
    with acting_as(ansatt):
        return vekstmaaling_register(
            actor=ansatt,
            pasient_id=pasient_id,  # type: ignore[arg-type]
            data=VekstmaalingData(**values),  # type: ignore[arg-type]
        )


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def _dato(barn: Pasient, dager: int) -> dt.date:
    return barn.fodselsdato + dt.timedelta(days=dager)


def test_a_measurement_is_stored_and_audited(helsesykepleier: Ansatt, barn: Pasient) -> None:
    maaling = _register(
        helsesykepleier,
        barn.pk,
        dato=_dato(barn, 365),
        vekt_g=9650,
        lengde_mm=757,
        hodeomkrets_mm=461,
        maalemetode="liggende",
    )
    assert (maaling.vekt_g, maaling.lengde_mm, maaling.hodeomkrets_mm) == (9650, 757, 461)
    assert maaling.maalt_av == helsesykepleier
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.VEKSTMAALING_CREATED, pasient_id=barn.pk
    ).exists()


@pytest.mark.parametrize("vekt_g", [0, 300_000])
def test_weight_of_0_or_300_kg_is_refused(
    helsesykepleier: Ansatt, barn: Pasient, vekt_g: int
) -> None:
    with pytest.raises(ValidationError) as exc:
        _register(helsesykepleier, barn.pk, dato=_dato(barn, 100), vekt_g=vekt_g)
    assert "er ikke mulig for et barn" in _errors(exc)["vekt"][0]
    assert not Vekstmaaling.objects.exists()
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.VEKSTMAALING_CREATED).exists()


def test_a_date_before_birth_is_refused(helsesykepleier: Ansatt, barn: Pasient) -> None:
    with pytest.raises(ValidationError) as exc:
        _register(helsesykepleier, barn.pk, dato=_dato(barn, -1), vekt_g=3500)
    assert "før barnet ble født" in _errors(exc)["dato"][0]


def test_a_date_in_the_future_is_refused(helsesykepleier: Ansatt, barn: Pasient) -> None:
    with pytest.raises(ValidationError) as exc:
        _register(helsesykepleier, barn.pk, dato=_dato(barn, 500), vekt_g=11000)
    assert "fram i tid" in _errors(exc)["dato"][0]


def test_nothing_measured_is_refused(helsesykepleier: Ansatt, barn: Pasient) -> None:
    with pytest.raises(ValidationError) as exc:
        _register(helsesykepleier, barn.pk, dato=_dato(barn, 30))
    assert "minst én" in _errors(exc)["__all__"][0]


def test_a_height_shrinking_by_20_cm_is_refused(helsesykepleier: Ansatt, barn: Pasient) -> None:
    _register(helsesykepleier, barn.pk, dato=_dato(barn, 300), lengde_mm=740)
    with pytest.raises(ValidationError) as exc:
        _register(helsesykepleier, barn.pk, dato=_dato(barn, 400), lengde_mm=540)
    assert "20,0 cm kortere enn ved målingen" in _errors(exc)["lengde"][0]
    assert Vekstmaaling.objects.count() == 1


def test_a_shrinking_height_confirmed_with_a_remark_is_stored(
    helsesykepleier: Ansatt, barn: Pasient
) -> None:
    _register(helsesykepleier, barn.pk, dato=_dato(barn, 300), lengde_mm=740)
    with pytest.raises(ValidationError):  # confirmed without a reason is not enough
        _register(
            helsesykepleier, barn.pk, dato=_dato(barn, 400), lengde_mm=700, bekreft_avvik=True
        )
    _register(
        helsesykepleier,
        barn.pk,
        dato=_dato(barn, 400),
        lengde_mm=700,
        bekreft_avvik=True,
        merknad="Urolig barn, målt på nytt: samme resultat",
    )
    assert Vekstmaaling.objects.count() == 2


def test_standing_after_lying_is_not_a_shrink(helsesykepleier: Ansatt, barn: Pasient) -> None:
    _register(
        helsesykepleier, barn.pk, dato=_dato(barn, 400), lengde_mm=780, maalemetode="liggende"
    )
    # 1.9 cm less standing = 1.2 cm less after the 0.7 cm conversion; 2.5 cm less = 1.8 cm.
    _register(
        helsesykepleier, barn.pk, dato=_dato(barn, 410), lengde_mm=755, maalemetode="staaende"
    )
    assert Vekstmaaling.objects.count() == 2


def test_a_stranger_gets_the_same_404_as_for_a_missing_child(
    fremmed: Ansatt, barn: Pasient
) -> None:
    for pasient_id in (barn.pk, uuid.uuid4()):
        with pytest.raises(NotFound):
            _register(fremmed, pasient_id, dato=_dato(barn, 100), vekt_g=6000)
    assert not Vekstmaaling.objects.exists()


def test_gestational_age_is_saved_once_per_child(helsesykepleier: Ansatt, barn: Pasient) -> None:
    with acting_as(helsesykepleier):
        fodselsopplysning_save(
            actor=helsesykepleier, pasient_id=barn.pk, svangerskapsuker=31, svangerskapsdager=2
        )
        fodselsopplysning_save(
            actor=helsesykepleier, pasient_id=barn.pk, svangerskapsuker=32, svangerskapsdager=0
        )
    opplysning = Fodselsopplysning.objects.get(pasient=barn)
    assert (opplysning.svangerskapsuker, opplysning.svangerskapsdager) == (32, 0)


@pytest.mark.parametrize(
    ("uker", "dager", "felt"), [(19, 0, "svangerskapsuker"), (30, 7, "svangerskapsdager")]
)
def test_impossible_gestational_age_is_refused(
    helsesykepleier: Ansatt, barn: Pasient, uker: int, dager: int, felt: str
) -> None:
    with acting_as(helsesykepleier), pytest.raises(ValidationError) as exc:
        fodselsopplysning_save(
            actor=helsesykepleier,
            pasient_id=barn.pk,
            svangerskapsuker=uker,
            svangerskapsdager=dager,
        )
    assert felt in exc.value.message_dict
    assert not Fodselsopplysning.objects.exists()
