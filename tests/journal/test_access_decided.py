"""restrict_decided and blocked_entries_decided (task oversikt): a patient's rows are read
by the patient id only when this request has granted access to that patient; otherwise the
access rule is applied in the query as before."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Action, Ansatt, Enhet
from journal.access import access_memo, blocked_entries_decided, restrict_decided
from journal.models import Journalnotat, Pasient, Sperring, SperringMal
from journal.selectors.pasient import pasient_get
from tests.acting import acting_as
from tests.factories import JournalnotatFactory, PasientFactory

pytestmark = pytest.mark.django_db


def _notes(actor: Ansatt, pasient: Pasient) -> list[str]:
    rows = restrict_decided(Journalnotat.objects.all(), actor, pasient.pk, action=Action.VIEW)
    return sorted(rows.values_list("tittel", flat=True))


def test_rows_of_a_patient_without_access_stay_hidden_inside_and_outside_the_memo(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given: a note on the unit's patient and one on a patient the unit has no relationship to
    stranger = PasientFactory()
    JournalnotatFactory(pasient=pasient, enhet=enhet, tittel="Egen", signert=True)
    JournalnotatFactory(pasient=stranger, enhet=enhet, tittel="Fremmed", signert=True)
    with acting_as(lege_med_relasjon):
        # then: outside a memo, the rule decides per row
        assert _notes(lege_med_relasjon, pasient) == ["Egen"]
        assert _notes(lege_med_relasjon, stranger) == []
        # and inside one, only the patient whose access was granted is read by id alone
        with access_memo():
            pasient_get(actor=lege_med_relasjon, pasient_id=pasient.pk)
            assert _notes(lege_med_relasjon, pasient) == ["Egen"]
            assert _notes(lege_med_relasjon, stranger) == []
            # a patient without entry blocks: the patient read already said so, no query
            with CaptureQueriesContext(connection) as ctx:
                assert (
                    blocked_entries_decided(lege_med_relasjon, pasient.pk, "journal.Diagnose")
                    == set()
                )
            assert ctx.captured_queries == []


def test_entry_blocks_come_from_the_patient_read_and_match_blocked_entries(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given: one note blocked for the unit
    blokkert = JournalnotatFactory(pasient=pasient, enhet=enhet, signert=True)
    Sperring.objects.create(
        pasient=pasient,
        mal=SperringMal.ENHET,
        enhet=enhet,
        objekt_type="journal.Journalnotat",
        objekt_id=str(blokkert.pk),
    )
    with acting_as(lege_med_relasjon):
        # when
        without_memo = blocked_entries_decided(
            lege_med_relasjon, pasient.pk, "journal.Journalnotat"
        )
        with access_memo():
            pasient_get(actor=lege_med_relasjon, pasient_id=pasient.pk)
            inside = blocked_entries_decided(lege_med_relasjon, pasient.pk, "journal.Journalnotat")
            other_type = blocked_entries_decided(lege_med_relasjon, pasient.pk, "journal.Diagnose")
    # then
    assert without_memo == inside == {str(blokkert.pk)}
    assert other_type == set()
