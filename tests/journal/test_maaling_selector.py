"""malinger_for_pasient: period, paging, trends without feilregistrerte, audit, strangers."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag, naa
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Maaling, Pasient
from journal.selectors import maalinger_for_pasient
from journal.services import MaalingData, maaling_create, maaling_invalidate
from tests.acting import acting_as
from tests.conftest import actor

pytestmark = pytest.mark.django_db


def _at(days_ago: int, hour: int = 8) -> dt.datetime:
    """`hour` o'clock `days_ago` days ago; today never later than now (and never yesterday)."""
    day = idag() - dt.timedelta(days=days_ago)
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
    if days_ago == 0:
        midnight = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        moment = min(moment, max(midnight, naa() - dt.timedelta(minutes=1)))
    return moment


def _maaling(ansatt: Ansatt, pasient: Pasient, tidspunkt: dt.datetime, **values: object) -> Maaling:
    with acting_as(ansatt):
        return maaling_create(
            actor=ansatt,
            pasient_id=pasient.pk,
            data=MaalingData(tidspunkt=tidspunkt, **values),  # type: ignore[arg-type]
        )


def test_lists_the_period_newest_first_and_audits_the_read(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    old = _maaling(lege_med_relasjon, pasient, _at(10), puls=60)
    first = _maaling(lege_med_relasjon, pasient, _at(6, hour=0), puls=70)
    last = _maaling(lege_med_relasjon, pasient, _at(0), puls=80)
    today = idag()
    # when
    with acting_as(lege_med_relasjon):
        oversikt = maalinger_for_pasient(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            fra=today - dt.timedelta(days=6),
            til=today,
        )
    # then
    assert list(oversikt.side.items) == [last, first]
    assert old not in oversikt.side.items
    row = AuditLogg.objects.get(hendelse=AuditEvent.MALING_READ)
    assert (row.pasient_id, row.aktor_id, row.grunnlag) == (
        pasient.pk,
        lege_med_relasjon.pk,
        "relasjon",
    )
    assert row.ekstra["antall"] == 2


def test_feilregistrerte_are_listed_but_left_out_of_trends_and_latest(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    good = _maaling(lege_med_relasjon, pasient, _at(1), puls=70, temperatur=Decimal("37.2"))
    wrong = _maaling(lege_med_relasjon, pasient, _at(0), puls=170)
    with acting_as(lege_med_relasjon):
        maaling_invalidate(
            actor=lege_med_relasjon, pasient_id=pasient.pk, maling_id=wrong.pk, grunn="Feil pasient"
        )
    today = idag()
    # when
    with acting_as(lege_med_relasjon):
        oversikt = maalinger_for_pasient(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            fra=today - dt.timedelta(days=6),
            til=today,
            trender=True,
        )
    # then
    assert [r.feilregistrert for r in oversikt.rader] == [True, False]
    assert oversikt.trender["puls"] == [(good.tidspunkt, Decimal(70))]
    assert oversikt.trender["temperatur"] == [(good.tidspunkt, Decimal("37.2"))]
    assert oversikt.trender["vekt"] == []
    assert oversikt.siste is not None
    assert oversikt.siste.maling == good


def test_trends_are_in_time_order(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    for days_ago, puls in [(0, 90), (2, 70), (1, 80)]:
        _maaling(lege_med_relasjon, pasient, _at(days_ago), puls=puls)
    today = idag()
    # when
    with acting_as(lege_med_relasjon):
        oversikt = maalinger_for_pasient(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            fra=today - dt.timedelta(days=6),
            til=today,
            trender=True,
        )
    # then
    assert [v for _t, v in oversikt.trender["puls"]] == [70, 80, 90]


def test_pages(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    for hour in range(5):
        _maaling(lege_med_relasjon, pasient, _at(1, hour=hour), puls=60 + hour)
    # when
    with acting_as(lege_med_relasjon):
        first = maalinger_for_pasient(
            actor=lege_med_relasjon, pasient_id=pasient.pk, side=1, storrelse=3
        )
        second = maalinger_for_pasient(
            actor=lege_med_relasjon, pasient_id=pasient.pk, side=2, storrelse=3
        )
    # then
    assert [m.puls for m in first.side.items] == [64, 63, 62]
    assert first.side.har_neste
    assert [m.puls for m in second.side.items] == [61, 60]
    assert not second.side.har_neste


def test_news2_explanation_per_row(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    _maaling(lege_med_relasjon, pasient, _at(0), puls=72, respirasjon=16)
    # when
    with acting_as(lege_med_relasjon):
        oversikt = maalinger_for_pasient(actor=lege_med_relasjon, pasient_id=pasient.pk)
    # then
    (rad,) = oversikt.rader
    assert rad.news2_tiltak == ""
    assert rad.news2_melding == (
        "NEWS2 kan ikke beregnes: mangler SpO₂, luft eller oksygen, systolisk blodtrykk, "
        "bevissthet (ACVPU), temperatur"
    )


def test_right_to_register_is_told_to_the_page(
    lege_med_relasjon: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    leder = actor(enhet, "leder", username="leder1")
    # when
    with acting_as(lege_med_relasjon):
        lege = maalinger_for_pasient(actor=lege_med_relasjon, pasient_id=pasient.pk)
    with acting_as(leder):
        les = maalinger_for_pasient(actor=leder, pasient_id=pasient.pk)
    # then
    assert lege.kan_registrere
    assert not les.kan_registrere


def test_stranger_and_missing_patient_get_the_same_not_found_and_no_audit(
    ansatt_annen_enhet: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    _maaling(lege_med_relasjon, pasient, _at(0), puls=72)
    # when / then
    with acting_as(ansatt_annen_enhet):
        with pytest.raises(NotFound):
            maalinger_for_pasient(actor=ansatt_annen_enhet, pasient_id=pasient.pk)
        with pytest.raises(NotFound):
            maalinger_for_pasient(actor=ansatt_annen_enhet, pasient_id=uuid.uuid4())
    assert not AuditLogg.objects.filter(aktor_id=ansatt_annen_enhet.pk).exists()


def test_period_must_run_forwards(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    today = idag()
    # when / then
    with acting_as(lege_med_relasjon), pytest.raises(ApplicationError, match="Fra-datoen"):
        maalinger_for_pasient(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            fra=today,
            til=today - dt.timedelta(days=1),
        )
