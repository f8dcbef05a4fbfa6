"""Validating a new row (`full_clean`) asks the database only what it cannot know already:
not whether a fresh primary key is taken, not whether objects loaded from it exist, and not
simple check constraints, and not whether the unit the request acts in exists; what it is
given as other bare ids, a primary key given explicitly, and the unique constraints are still
checked, and a violated check constraint is still refused."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.context import RequestContext, new_request_id, request_context
from core.models import Ansatt, Enhet, Vakt
from tests.factories import AnsattFactory, EnhetFactory

pytestmark = pytest.mark.django_db

DAG = dt.date(2026, 12, 7)


def _loaded() -> tuple[Ansatt, Enhet]:
    ansatt, enhet = AnsattFactory(), EnhetFactory()
    return Ansatt.objects.get(pk=ansatt.pk), Enhet.objects.get(pk=enhet.pk)


def test_a_new_shift_of_loaded_staff_and_unit_asks_only_its_unique_constraint() -> None:
    # given
    ansatt, enhet = _loaded()
    vakt = Vakt(ansatt=ansatt, enhet=enhet, dato=DAG, fra_tid=dt.time(8), til_tid=dt.time(15))

    # when
    with CaptureQueriesContext(connection) as queries:
        vakt.full_clean()

    # then
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert "core_vakt" in queries[0]["sql"]


def test_a_shift_that_ends_when_it_starts_is_refused() -> None:
    # given
    ansatt, enhet = _loaded()
    vakt = Vakt(ansatt=ansatt, enhet=enhet, dato=DAG, fra_tid=dt.time(8), til_tid=dt.time(8))

    # when
    with pytest.raises(ValidationError) as feil:
        vakt.full_clean()

    # then
    assert "core_vakt_lengde" in str(feil.value)


def test_a_taken_shift_is_refused() -> None:
    # given
    ansatt, enhet = _loaded()
    Vakt.objects.create(
        ansatt=ansatt, enhet=enhet, dato=DAG, fra_tid=dt.time(8), til_tid=dt.time(15)
    )
    igjen = Vakt(ansatt=ansatt, enhet=enhet, dato=DAG, fra_tid=dt.time(8), til_tid=dt.time(16))

    # when / then
    with pytest.raises(ValidationError):
        igjen.full_clean()


def test_an_unknown_bare_id_is_still_refused() -> None:
    # given
    _, enhet = _loaded()
    vakt = Vakt(
        ansatt_id=uuid.uuid4(), enhet=enhet, dato=DAG, fra_tid=dt.time(8), til_tid=dt.time(15)
    )

    # when
    with pytest.raises(ValidationError) as feil:
        vakt.full_clean()

    # then
    assert "ansatt" in feil.value.message_dict


def test_a_taken_primary_key_given_explicitly_is_still_refused() -> None:
    # given
    ansatt, enhet = _loaded()
    fra = Vakt.objects.create(
        ansatt=ansatt, enhet=enhet, dato=DAG, fra_tid=dt.time(8), til_tid=dt.time(15)
    )
    kopi = Vakt(
        id=fra.pk, ansatt=ansatt, enhet=enhet, dato=DAG, fra_tid=dt.time(16), til_tid=dt.time(22)
    )

    # when
    with pytest.raises(ValidationError) as feil:
        kopi.full_clean()

    # then
    assert "id" in feil.value.message_dict


def _acting_in(enhet: Enhet) -> RequestContext:
    return RequestContext(request_id=new_request_id(), enhet_id=enhet.pk)


def test_the_acting_unit_given_as_a_bare_id_is_not_looked_up() -> None:
    # given: the commonest key a service writes, enhet_id=acting_enhet_id()
    ansatt, enhet = _loaded()
    vakt = Vakt(ansatt=ansatt, enhet_id=enhet.pk, dato=DAG, fra_tid=dt.time(8), til_tid=dt.time(15))

    # when
    with request_context(_acting_in(enhet)), CaptureQueriesContext(connection) as queries:
        vakt.full_clean()

    # then: only the unique constraint is asked, not whether the unit exists
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert "core_vakt" in queries[0]["sql"]


def test_another_unit_given_as_a_bare_id_is_still_looked_up_and_refused() -> None:
    # given: acting in one unit, the row names a unit that does not exist
    ansatt, enhet = _loaded()
    vakt = Vakt(
        ansatt=ansatt, enhet_id=uuid.uuid4(), dato=DAG, fra_tid=dt.time(8), til_tid=dt.time(15)
    )

    # when
    with request_context(_acting_in(enhet)), pytest.raises(ValidationError) as feil:
        vakt.full_clean()

    # then
    assert "enhet" in feil.value.message_dict
