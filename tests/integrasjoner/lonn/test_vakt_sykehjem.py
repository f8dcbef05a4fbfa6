"""Nursing-home shifts: registered on the ward, counted by payroll (night shifts past midnight)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg
from integrasjoner.lonn.models import Loennslinje
from journal.access import AccessDenied
from tests.acting import acting_as
from tests.conftest import actor
from tests.integrasjoner.lonn.conftest import MARS, Oppsett, periode_build, periode_create
from tjenester.sykehjem.services import vakt_register

pytestmark = pytest.mark.django_db


def test_ward_shifts_incl_a_night_shift_become_payroll_lines(
    oppsett: Oppsett, admin: Ansatt, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # given: the ward leader registers a day shift and a night shift for a nurse of the ward
    leder = actor(oppsett.avdeling, "leder", username="avdelingsleder")
    nina = actor(oppsett.avdeling, "sykepleier", username="nina")
    with acting_as(leder, oppsett.avdeling):
        vakt_register(
            actor=leder,
            ansatt_id=nina.pk,
            dato=dt.date(2026, 3, 5),
            fra_tid=dt.time(7, 30),
            til_tid=dt.time(15, 30),
        )
        vakt_register(
            actor=leder,
            ansatt_id=nina.pk,
            dato=dt.date(2026, 3, 6),
            fra_tid=dt.time(22, 0),
            til_tid=dt.time(7, 30),
        )
    # when: March is built
    periode = periode_build(admin, periode_create(admin, MARS), django_capture_on_commit_callbacks)
    # then
    lines = sorted(
        (r.dato.isoformat(), r.timer)
        for r in Loennslinje.objects.filter(periode=periode, kilde="vakt_sykehjem", ansatt=nina)
    )
    assert lines == [("2026-03-05", Decimal("8.00")), ("2026-03-06", Decimal("9.50"))]
    assert AuditLogg.objects.filter(hendelse=AuditEvent.VAKT_REGISTRERT).count() == 2


def test_only_a_ward_manager_registers_shifts_for_staff_of_the_ward(oppsett: Oppsett) -> None:
    leder = actor(oppsett.avdeling, "leder", username="avdelingsleder")
    nina = actor(oppsett.avdeling, "sykepleier", username="nina")
    # a nurse may not
    with acting_as(nina, oppsett.avdeling), pytest.raises(AccessDenied):
        vakt_register(
            actor=nina,
            ansatt_id=nina.pk,
            dato=dt.date(2026, 3, 5),
            fra_tid=dt.time(7, 30),
            til_tid=dt.time(15, 30),
        )
    # staff of another unit are refused with a Norwegian message; so is a zero-length shift
    with acting_as(leder, oppsett.avdeling):
        with pytest.raises(ValidationError) as other:
            vakt_register(
                actor=leder,
                ansatt_id=oppsett.hanne.pk,
                dato=dt.date(2026, 3, 5),
                fra_tid=dt.time(7, 30),
                til_tid=dt.time(15, 30),
            )
        with pytest.raises(ValidationError) as zero:
            vakt_register(
                actor=leder,
                ansatt_id=nina.pk,
                dato=dt.date(2026, 3, 5),
                fra_tid=dt.time(7, 30),
                til_tid=dt.time(7, 30),
            )
    assert "arbeider på avdelingen" in str(other.value)
    assert "ulik start- og sluttid" in str(zero.value)
