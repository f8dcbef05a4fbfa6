"""Occupancy counts for a known set-up, the query-count guard, absence days for the fee."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.audit import AuditEvent
from core.context import system_context
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from tests.acting import acting_as
from tests.factories import PasientFactory
from tests.tjenester.sykehjem.conftest import seng_make
from tjenester.sykehjem.models import Fravaerstype, Oppholdstype, Seng
from tjenester.sykehjem.selectors import belegg_get, fravaer_per_pasient
from tjenester.sykehjem.services import (
    fravaer_create,
    opphold_create,
    seng_aktiv_set,
)

pytestmark = pytest.mark.django_db

I_DAG = idag()


def _stay(leder: Ansatt, seng: Seng, fra: dt.date, til: dt.date | None = None) -> Any:
    with acting_as(leder):
        return opphold_create(
            actor=leder,
            seng_id=seng.pk,
            pasient_id=PasientFactory().pk,
            type=Oppholdstype.LANGTID,
            fra=fra,
            til=til,
        )


@pytest.fixture
def oppsett(leder: Ansatt, avdeling: Enhet, senger: list[Seng]) -> dict[str, Any]:
    """Six beds: 2 occupied (one on leave, one in hospital for 3 days), 1 occupied until
    in 5 days, 1 reserved from in 3 days, 1 out of use, 1 free."""
    flere = [
        seng_make(avdeling, "103", "A"),
        seng_make(avdeling, "103", "B"),
        seng_make(avdeling, "104", "A"),
    ]
    alle = [*senger, *flere]
    a = _stay(leder, alle[0], I_DAG - dt.timedelta(days=100))
    b = _stay(leder, alle[1], I_DAG - dt.timedelta(days=50))
    _stay(leder, alle[2], I_DAG - dt.timedelta(days=2), I_DAG + dt.timedelta(days=5))
    _stay(leder, alle[3], I_DAG + dt.timedelta(days=3))
    with acting_as(leder):
        fravaer_create(actor=leder, opphold_id=a.pk, type=Fravaerstype.PERMISJON, fra=I_DAG)
        fravaer_create(
            actor=leder,
            opphold_id=b.pk,
            type=Fravaerstype.SYKEHUS,
            fra=I_DAG - dt.timedelta(days=1),
            til=I_DAG + dt.timedelta(days=2),
        )
        seng_aktiv_set(actor=leder, seng_id=alle[4].pk, aktiv=False)
    return {"senger": alle, "a": a, "b": b}


def _counts(leder: Ansatt, dato: dt.date) -> tuple[int, ...]:
    with acting_as(leder):
        oversikt = belegg_get(actor=leder, dato=dato)
    a = oversikt.avdelinger[0]
    return (a.ledig, a.belagt, a.reservert, a.permisjon, a.sykehus, a.inaktiv)


def test_board_today(leder: Ansatt, avdeling2: Enhet, oppsett: dict[str, Any]) -> None:
    # when
    with acting_as(leder):
        oversikt = belegg_get(actor=leder, dato=I_DAG)
    # then: ledig, belagt, reservert, permisjon, sykehus, inaktiv
    assert [a.enhet.navn for a in oversikt.avdelinger] == [
        "Solsiden avdeling 1",
        "Solsiden avdeling 2",
    ]
    assert _counts(leder, I_DAG) == (2, 3, 0, 1, 1, 1)  # the reservation starts later
    rader = {r.seng.pk: r for r in oversikt.avdelinger[0].senger}
    assert rader[oppsett["senger"][0].pk].fravar == Fravaerstype.PERMISJON
    assert rader[oppsett["senger"][0].pk].opphold is not None  # the leader may see who
    assert oversikt.sum.belagt == 3
    assert oversikt.kan_administrere


def test_board_ahead(leder: Ansatt, oppsett: dict[str, Any]) -> None:
    # in 5 days: the short stay has left, the reservation has begun, the hospital stay is over
    assert _counts(leder, I_DAG + dt.timedelta(days=5)) == (2, 2, 1, 1, 0, 1)


def test_board_names_only_whom_the_person_may_see(
    ansatt_annen_enhet: Ansatt, oppsett: dict[str, Any], avdeling: Enhet
) -> None:
    # when: staff of another municipality's ward look at it (counts only, no names)
    with acting_as(ansatt_annen_enhet):
        oversikt = belegg_get(actor=ansatt_annen_enhet, dato=I_DAG)
    # then
    assert all(a.enhet.pk != avdeling.pk for a in oversikt.avdelinger)
    assert not AuditLogg.objects.filter(aktor_id=ansatt_annen_enhet.pk).exists()


def test_board_audits_every_named_resident(leder: Ansatt, oppsett: dict[str, Any]) -> None:
    # when
    with acting_as(leder):
        belegg_get(actor=leder, dato=I_DAG)
    # then
    assert (
        AuditLogg.objects.filter(aktor_id=leder.pk, hendelse=AuditEvent.OPPHOLD_LISTED).count() == 3
    )


def test_board_query_count_does_not_grow_with_beds(
    leder: Ansatt, avdeling: Enhet, oppsett: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    # given: many more beds and residents
    for i in range(20):
        _stay(leder, seng_make(avdeling, f"2{i:02d}", "A"), I_DAG - dt.timedelta(days=i))
    # when / then (12 for the board, 3 for the decisions without a stay)
    with acting_as(leder), django_assert_max_num_queries(15):
        oversikt = belegg_get(actor=leder, dato=I_DAG)
        names = [r.opphold.pasient.fullt_navn for r in oversikt.avdelinger[0].senger if r.opphold]
    assert len(names) == 23


def test_absence_days_per_patient_for_the_fee(leder: Ansatt, senger: list[Seng]) -> None:
    # given: a stay with leave 3..6 and an ongoing hospital stay from the 20th (of a month)
    start = dt.date(I_DAG.year - 1, 3, 1)
    opphold = _stay(leder, senger[0], start)
    with acting_as(leder):
        fravaer_create(
            actor=leder,
            opphold_id=opphold.pk,
            type=Fravaerstype.PERMISJON,
            fra=dt.date(start.year, 3, 3),
            til=dt.date(start.year, 3, 6),
        )
        fravaer_create(
            actor=leder,
            opphold_id=opphold.pk,
            type=Fravaerstype.SYKEHUS,
            fra=dt.date(start.year, 3, 20),
            til=dt.date(start.year, 4, 10),
        )
    # when: the system (invoicing) asks for March and for April
    with system_context():
        mars = fravaer_per_pasient(fra=dt.date(start.year, 3, 1), til=dt.date(start.year, 3, 31))
        april = fravaer_per_pasient(fra=dt.date(start.year, 4, 1), til=dt.date(start.year, 4, 30))
    # then: leave 3, 4, 5 (back on the 6th); hospital 20..31 = 12 days, then 1..9 = 9 days
    assert [(f.pasient_id, f.permisjonsdager, f.sykehusdager) for f in mars] == [
        (opphold.pasient_id, 3, 12)
    ]
    assert [(f.permisjonsdager, f.sykehusdager) for f in april] == [(0, 9)]
