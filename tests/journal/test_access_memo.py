"""access_memo: a composite read decides access to a patient once, and nothing more."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.exceptions import NotFound
from core.models import Action, Ansatt, Enhet
from journal.access import access_basis, access_memo, access_scoped
from journal.models import Pasient
from tests.acting import acting_as
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db


def _check(actor: Ansatt, pasient_id: object) -> Pasient:
    return access_scoped(
        actor, Pasient.objects.all(), str(pasient_id), action=Action.VIEW, pasient_field="pk"
    )


def test_a_granted_decision_is_reused_inside_the_block_only(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    with acting_as(lege_med_relasjon):
        # given: one decision inside the block
        with access_memo():
            _check(lege_med_relasjon, pasient.pk)
            access_basis(lege_med_relasjon, pasient.pk)
            # when: asked again
            with CaptureQueriesContext(connection) as inside:
                again = _check(lege_med_relasjon, pasient.pk)
                access_basis(lege_med_relasjon, pasient.pk)
        # then: no query; after the block, the database is asked again
        assert again.pk == pasient.pk
        assert len(inside.captured_queries) == 0
        with CaptureQueriesContext(connection) as outside:
            _check(lege_med_relasjon, pasient.pk)
        assert len(outside.captured_queries) >= 1


def test_a_refusal_is_not_remembered_and_other_patients_are_checked(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    stranger = PasientFactory()  # no relationship with the unit
    with acting_as(lege_med_relasjon), access_memo():
        _check(lege_med_relasjon, pasient.pk)
        # a different patient is decided on its own: refused
        with pytest.raises(NotFound):
            _check(lege_med_relasjon, stranger.pk)
        # and stays refused when asked again (the refusal was decided again, not cached)
        with CaptureQueriesContext(connection) as again, pytest.raises(NotFound):
            _check(lege_med_relasjon, stranger.pk)
        assert len(again.captured_queries) >= 1


def test_another_actor_in_the_same_block_is_decided_for_themself(
    lege_med_relasjon: Ansatt, ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    with access_memo():
        with acting_as(lege_med_relasjon):
            _check(lege_med_relasjon, pasient.pk)
        with acting_as(ansatt_annen_enhet), pytest.raises(NotFound):
            _check(ansatt_annen_enhet, pasient.pk)
