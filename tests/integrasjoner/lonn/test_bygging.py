"""Building a period: hours per staff member and unit from visits, shifts and decisions,
pay type codes, progress, rebuilds, and the task's claim."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from core.audit import AuditEvent
from core.context import system_context
from core.models import Ansatt, AuditLogg
from integrasjoner.lonn import tasks
from integrasjoner.lonn.models import ByggStatus, Loennsart, Loennslinje, Loennsperiode
from integrasjoner.lonn.selectors.kilder import tjeneste_timer
from integrasjoner.lonn.services import loennsart_save, loennsperiode_build
from tests.integrasjoner.lonn.conftest import MARS, Oppsett, periode_build, periode_create

pytestmark = pytest.mark.django_db


def _lines(periode: Loennsperiode) -> list[tuple[str, str, str, str, Decimal]]:
    rows = Loennslinje.objects.filter(periode=periode).select_related("ansatt", "enhet")
    return sorted(
        (
            r.enhet.navn,
            r.ansatt.username if r.ansatt else "",
            r.kilde,
            r.dato.isoformat(),
            r.timer,
        )
        for r in rows
    )


def test_hours_per_staff_member_from_visits_shifts_and_decisions(
    oppsett: Oppsett, bygget_mars: Loennsperiode
) -> None:
    # given the March setup, built (fixture)
    # then: one line per performed visit and shift, per decision for the days it ran
    sone, avdeling = oppsett.sone.navn, oppsett.avdeling.navn
    assert bygget_mars.bygg_status == ByggStatus.FERDIG
    assert bygget_mars.fremdrift == 100
    assert _lines(bygget_mars) == sorted(
        [
            (sone, "hanne", "hjemmebesok", "2026-03-02", Decimal("0.42")),  # 25 min
            (sone, "hanne", "hjemmebesok", "2026-03-10", Decimal("0.83")),  # 50 min
            (sone, "hanne", "vakt_hjemmetjeneste", "2026-03-10", Decimal("8.00")),
            (sone, "per", "vakt_hjemmetjeneste", "2026-03-02", Decimal("8.00")),
            (avdeling, "", "bpa", "2026-03-01", Decimal("24.29")),  # 10 h/w × 17/7
            (avdeling, "", "omsorgsstonad", "2026-03-01", Decimal("31.00")),  # 7 h/w × 31/7
        ]
    )


def test_decision_lines_carry_the_patient_and_service_visit_lines_do_not(
    oppsett: Oppsett, bygget_mars: Loennsperiode
) -> None:
    # given / when (built)
    bpa = Loennslinje.objects.get(periode=bygget_mars, kilde="bpa")
    besok = Loennslinje.objects.filter(periode=bygget_mars, kilde="hjemmebesok").first()
    # then
    assert (bpa.pasient_id, bpa.tjeneste_id, bpa.ansatt_id) == (
        oppsett.bpa.pasient_id,
        oppsett.bpa.pk,
        None,
    )
    assert besok is not None
    assert besok.pasient_id is None  # payroll needs no patient for a visit


def test_default_pay_type_codes_are_seeded_and_a_newer_code_takes_over(
    oppsett: Oppsett,
    admin: Ansatt,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # given a period (which seeds the municipality's defaults) and a new code for visits
    periode = periode_create(admin, MARS)
    kommune_id = periode.kommune_id
    assert Loennsart.objects.filter(kommune_id=kommune_id).count() == 5
    loennsart_save(
        actor=admin,
        lonnsart=Loennsart(
            kommune_id=kommune_id,
            kilde="hjemmebesok",
            kode="2222",
            tekst="Ny art",
            gyldig_fra=dt.date(2026, 1, 1),
        ),
    )
    # when
    periode = periode_build(admin, periode, django_capture_on_commit_callbacks)
    # then
    koder = dict(Loennslinje.objects.filter(periode=periode).values_list("kilde", "lonnsart"))
    assert koder == {
        "hjemmebesok": "2222",
        "vakt_hjemmetjeneste": "1100",
        "bpa": "1300",
        "omsorgsstonad": "1400",
    }
    assert AuditLogg.objects.filter(hendelse=AuditEvent.LONN_LONNSARTER_SEEDED).count() == 1
    assert AuditLogg.objects.filter(hendelse=AuditEvent.LONN_LONNSART_SAVED).count() == 1


def test_rebuild_replaces_the_lines_of_an_open_period(
    oppsett: Oppsett,
    admin: Ansatt,
    bygget_mars: Loennsperiode,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # given a shift changed after the first build
    oppsett.vakt_per.til_tid = dt.time(11, 0)
    oppsett.vakt_per.save()
    # when
    periode = periode_build(admin, bygget_mars, django_capture_on_commit_callbacks)
    # then
    per = Loennslinje.objects.get(periode=periode, ansatt=oppsett.per)
    assert per.timer == Decimal("4.00")
    assert not per.korreksjon
    assert Loennslinje.objects.filter(periode=periode).count() == 6
    built = AuditLogg.objects.filter(hendelse=AuditEvent.LONN_PERIODE_BUILT)
    assert built.count() == 2
    assert built.order_by("-id").first().ekstra["linjer"] == 6  # type: ignore[union-attr]


def test_the_task_claims_the_build_so_a_repeat_is_a_no_op(
    oppsett: Oppsett, bygget_mars: Loennsperiode
) -> None:
    # given a built period (nothing queued)
    # when the task is delivered again
    tasks.loennsperiode_build(str(bygget_mars.pk))
    with system_context():
        again = loennsperiode_build(periode_id=bygget_mars.pk)
    # then
    assert again == "opptatt"
    assert AuditLogg.objects.filter(hendelse=AuditEvent.LONN_PERIODE_BUILT).count() == 1


def test_a_second_build_order_while_one_runs_is_refused(
    oppsett: Oppsett, admin: Ansatt, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from core.exceptions import ApplicationError
    from integrasjoner.lonn.services import loennsperiode_build_request
    from tests.acting import acting_as

    # given a build ordered and not yet run
    periode = periode_create(admin, MARS)
    with acting_as(admin), django_capture_on_commit_callbacks():
        loennsperiode_build_request(actor=admin, periode_id=periode.pk)
    # when / then
    with (
        acting_as(admin),
        pytest.raises(ApplicationError, match="Perioden bygges allerede"),
    ):
        loennsperiode_build_request(actor=admin, periode_id=periode.pk)


def test_decision_hours_are_weeks_of_the_range_the_service_covers() -> None:
    # given / when / then
    def timer(fra: dt.date, til: dt.date | None) -> Decimal:
        return tjeneste_timer(
            omfang=Decimal("37.5"), fra=MARS[0], til=MARS[1], tjeneste_fra=fra, tjeneste_til=til
        )

    assert timer(dt.date(2026, 1, 1), None) == Decimal("166.07")  # 31 days
    assert timer(dt.date(2026, 3, 8), dt.date(2026, 3, 14)) == Decimal("37.50")  # one week
    assert timer(dt.date(2026, 4, 1), None) == Decimal(0)
