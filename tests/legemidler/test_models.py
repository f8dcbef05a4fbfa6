"""What PostgreSQL itself refuses of an order, whatever code writes it."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from core.klokke import naa
from legemidler.models import Forordning, ForordningStatus
from tests.legemidler.factories import ForordningFactory


@pytest.mark.django_db
def test_an_order_reads_its_schedule_in_words() -> None:
    forordning: Forordning = ForordningFactory()
    assert forordning.dosering_tekst == "08:00 1 tablett"
    assert not forordning.er_ubekreftet


@pytest.mark.django_db
def test_a_stop_without_reason_is_refused_by_the_database() -> None:
    forordning: Forordning = ForordningFactory()
    forordning.status = ForordningStatus.SEPONERT
    forordning.seponert_at = naa()
    forordning.seponert_av = forordning.ordinert_av
    with pytest.raises(IntegrityError), transaction.atomic():
        forordning.save()


@pytest.mark.django_db
def test_confirming_an_order_that_was_not_a_telephone_order_is_refused() -> None:
    forordning: Forordning = ForordningFactory()
    forordning.bekreftet_av = forordning.ordinert_av
    forordning.bekreftet_at = naa()
    with pytest.raises(IntegrityError), transaction.atomic():
        forordning.save()


@pytest.mark.django_db
def test_an_order_without_hpr_is_refused() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ForordningFactory(ordinert_av_hpr="")
