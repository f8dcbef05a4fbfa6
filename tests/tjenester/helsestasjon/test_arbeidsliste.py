"""The weekly worklist: what is due this week and overdue, per nurse, in a fixed number of
queries whatever the number of children."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.klokke import idag
from core.models import Ansatt, Enhet
from journal.models import Pasient
from tests.acting import acting_as
from tests.tjenester.helsestasjon.conftest import child
from tjenester.helsestasjon.lib.program import add_months
from tjenester.helsestasjon.models import Programpunkt
from tjenester.helsestasjon.selectors import arbeidsliste_list
from tjenester.helsestasjon.services import konsultasjon_register

pytestmark = pytest.mark.django_db


def _names(nurse: Ansatt, stasjon: Enhet, **kwargs: Any) -> list[str]:
    with acting_as(nurse, stasjon):
        liste = arbeidsliste_list(actor=nurse, **kwargs)
    return [r.innskrivning.pasient.etternavn for r in liste.side.items]


def test_the_nurse_sees_her_children_and_all_on_request(
    stasjon: Enhet, helsesykepleier: Ansatt, kollega: Ansatt, ettaaring: Pasient
) -> None:
    kollegas = child(stasjon, kollega, add_months(idag(), -3))
    assert _names(helsesykepleier, stasjon) == [ettaaring.etternavn]
    assert set(_names(helsesykepleier, stasjon, bare_mine=False)) == {
        ettaaring.etternavn,
        kollegas.etternavn,
    }


def test_overdue_children_come_first(stasjon: Enhet, helsesykepleier: Ansatt) -> None:
    # the 6-week consultation and rotavirus were due 10 days ago (the 3-month not yet due)
    forfalt = child(stasjon, helsesykepleier, idag() - dt.timedelta(weeks=6, days=10))
    i_uka = child(stasjon, helsesykepleier, idag() - dt.timedelta(days=7))  # home visit today
    assert _names(helsesykepleier, stasjon) == [forfalt.etternavn, i_uka.etternavn]


def test_a_child_with_nothing_due_is_not_listed(stasjon: Enhet, helsesykepleier: Ansatt) -> None:
    # 20 days old, home visit held: the 4-week consultation is 8 days away (next week)
    barn = child(stasjon, helsesykepleier, idag() - dt.timedelta(days=20))
    with acting_as(helsesykepleier, stasjon):
        konsultasjon_register(
            actor=helsesykepleier,
            pasient_id=barn.pk,
            programpunkt_id=Programpunkt.objects.get(kode="hjemmebesok").pk,
            status="utfort",
            dato=idag() - dt.timedelta(days=12),
            notat="Trives.",
        )
    assert _names(helsesykepleier, stasjon) == []


def test_the_worklist_takes_a_fixed_number_of_queries(
    stasjon: Enhet, helsesykepleier: Ansatt, django_assert_max_num_queries: Any
) -> None:
    for months in range(1, 13):
        child(stasjon, helsesykepleier, add_months(idag(), -months))
    with acting_as(helsesykepleier, stasjon), django_assert_max_num_queries(7):
        liste = arbeidsliste_list(actor=helsesykepleier)
    assert len(liste.side.items) >= 5
