"""Closing a period: the lines freeze (service and PostgreSQL), the CSV file is stored in
its documented layout, and later corrections come as delta lines in the next period."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from core.audit import AuditEvent
from core.exceptions import ApplicationError
from core.models import Ansatt, AuditLogg, Utbokshendelse
from integrasjoner.lonn.lib.csvfil import HODE
from integrasjoner.lonn.models import Loennslinje, Loennsperiode, PeriodeStatus
from integrasjoner.lonn.services import HENDELSE_LUKKET, loennsperiode_build_request
from tests.acting import acting_as
from tests.integrasjoner.lonn.conftest import (
    APRIL,
    MAI,
    Oppsett,
    periode_build,
    periode_close,
    periode_create,
    utfort,
)
from tjenester.hjemmetjeneste.models import Besoek

pytestmark = pytest.mark.django_db


def test_close_stores_the_file_and_publishes_it_in_one_transaction(
    oppsett: Oppsett, admin: Ansatt, bygget_mars: Loennsperiode
) -> None:
    # when
    periode = periode_close(admin, bygget_mars)
    # then
    periode.refresh_from_db()
    assert (periode.status, periode.lukket_av_id) == (PeriodeStatus.LUKKET, admin.pk)
    assert periode.fil_sha256 == hashlib.sha256(periode.fil.encode()).hexdigest()
    assert periode.utbokshendelse_id is not None
    event = Utbokshendelse.objects.get(pk=periode.utbokshendelse_id)
    assert event.hendelse == HENDELSE_LUKKET
    assert event.payload["periode_id"] == str(periode.pk)
    assert event.payload["linjer"] == 6
    assert event.payload["sha256"] == periode.fil_sha256
    audit = AuditLogg.objects.get(hendelse=AuditEvent.LONN_PERIODE_CLOSED)
    assert audit.aktor_id == admin.pk


def test_the_file_follows_the_documented_layout(
    oppsett: Oppsett, admin: Ansatt, bygget_mars: Loennsperiode
) -> None:
    # when
    periode = periode_close(admin, bygget_mars)
    # then: UTF-8, semicolons, CRLF, header first, decimal comma
    assert periode.fil.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(periode.fil, newline=""), delimiter=";"))
    assert rows[0] == HODE
    assert rows[0][:4] == ["kommunenr", "periode_fra", "periode_til", "linje_id"]
    body = [dict(zip(HODE, row, strict=True)) for row in rows[1:]]
    assert len(body) == 6
    assert {r["kommunenr"] for r in body} == {periode.kommune.nummer}
    assert {(r["periode_fra"], r["periode_til"]) for r in body} == {("2026-03-01", "2026-03-31")}
    per = next(r for r in body if r["brukernavn"] == "per")
    assert (per["ansatt"], per["kilde"], per["lonnsart"], per["dato"], per["timer"]) == (
        "Per Pleier",
        "vakt_hjemmetjeneste",
        "1100",
        "2026-03-02",
        "8,00",
    )
    assert (per["pasient_id"], per["korreksjon"], per["korrigerer_linje_id"]) == ("", "N", "")
    bpa = next(r for r in body if r["kilde"] == "bpa")
    assert (bpa["ansatt_id"], bpa["timer"], bpa["pasient_id"]) == (
        "",
        "24,29",
        str(oppsett.bpa.pasient_id),
    )
    # units in name order, then staff by surname
    assert [r["enhet"] for r in body] == sorted(r["enhet"] for r in body)


def test_a_closed_period_is_frozen_in_the_services(
    oppsett: Oppsett, admin: Ansatt, bygget_mars: Loennsperiode
) -> None:
    # given
    periode = periode_close(admin, bygget_mars)
    # when / then
    with acting_as(admin), pytest.raises(ApplicationError, match="Perioden er lukket"):
        loennsperiode_build_request(actor=admin, periode_id=periode.pk)
    with pytest.raises(ApplicationError, match="Perioden er lukket"):
        periode_close(admin, periode)


def test_a_closed_period_is_frozen_in_the_database(
    oppsett: Oppsett, admin: Ansatt, bygget_mars: Loennsperiode
) -> None:
    # given
    periode = periode_close(admin, bygget_mars)
    linje = Loennslinje.objects.filter(periode=periode).first()
    assert linje is not None
    # when / then: no write around the services gets through either
    with pytest.raises(IntegrityError, match="lukket"), transaction.atomic():
        Loennslinje.objects.filter(pk=linje.pk).update(timer=Decimal(99))
    with pytest.raises(IntegrityError, match="lukket"), transaction.atomic():
        Loennslinje.objects.filter(pk=linje.pk).delete()
    with pytest.raises(IntegrityError, match="lukket"), transaction.atomic():
        Loennslinje.objects.create(
            periode=periode,
            enhet_id=linje.enhet_id,
            kilde=linje.kilde,
            kilde_ref="besok:ny",
            lonnsart=linje.lonnsart,
            dato=linje.dato,
            timer=Decimal(1),
        )
    with pytest.raises(IntegrityError, match="lukket"), transaction.atomic():
        Loennsperiode.objects.filter(pk=periode.pk).update(status=PeriodeStatus.AAPEN)
    assert Loennslinje.objects.filter(periode=periode).count() == 6


def test_corrections_after_close_are_delta_lines_in_the_next_period(
    oppsett: Oppsett,
    admin: Ansatt,
    bygget_mars: Loennsperiode,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # given March closed, then: a check-out corrected (25 → 40 min), Per's shift removed,
    # a visit registered late, and the BPA decision ended on 21 March
    mars = periode_close(admin, bygget_mars)
    original = {linje.kilde_ref: linje for linje in Loennslinje.objects.filter(periode=mars)}
    Besoek.objects.filter(pk=oppsett.besok_kort.pk).update(faktisk_min=40)
    vakt = f"vakt:{oppsett.vakt_per.pk}"
    oppsett.vakt_per.delete()
    sen = utfort(oppsett.sone, oppsett.pasient, oppsett.per, dt.date(2026, 3, 20), 60)
    oppsett.bpa.til_dato = dt.date(2026, 3, 21)
    oppsett.bpa.save()
    # when April is built
    april = periode_build(admin, periode_create(admin, APRIL), django_capture_on_commit_callbacks)
    # then: April's own lines, plus one delta per changed March item
    deltas = {
        linje.kilde_ref: linje
        for linje in Loennslinje.objects.filter(periode=april, korreksjon=True)
    }
    kort = f"besok:{oppsett.besok_kort.pk}"
    bpa = f"tjeneste:{oppsett.bpa.pk}:2026-03-01"
    assert set(deltas) == {kort, vakt, f"besok:{sen.pk}", bpa}
    assert (deltas[kort].timer, deltas[kort].korreksjon_av_id) == (
        Decimal("0.25"),  # 0,67 − 0,42
        original[kort].pk,
    )
    assert (deltas[kort].dato, deltas[kort].ansatt_id) == (dt.date(2026, 3, 2), oppsett.hanne.pk)
    assert (deltas[vakt].timer, deltas[vakt].korreksjon_av_id) == (
        Decimal("-8.00"),
        original[vakt].pk,
    )
    assert (deltas[f"besok:{sen.pk}"].timer, deltas[f"besok:{sen.pk}"].korreksjon_av_id) == (
        Decimal("1.00"),
        None,  # nothing paid before: an added line
    )
    assert deltas[bpa].timer == Decimal("-14.29")  # 7 days (10,00) instead of 17 (24,29)
    # March itself is untouched
    assert {linje.kilde_ref: linje.timer for linje in Loennslinje.objects.filter(periode=mars)} == {
        ref: linje.timer for ref, linje in original.items()
    }
    # April's own lines: Hanne's 30-minute visit on 1 April, and the rest of omsorgsstønad
    own = Loennslinje.objects.filter(periode=april, korreksjon=False)
    assert sorted((linje.kilde, linje.timer) for linje in own) == [
        ("hjemmebesok", Decimal("0.50")),
        ("omsorgsstonad", Decimal("30.00")),
    ]


def test_deltas_are_not_paid_twice(
    oppsett: Oppsett,
    admin: Ansatt,
    bygget_mars: Loennsperiode,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # given a correction to March paid in April
    periode_close(admin, bygget_mars)
    Besoek.objects.filter(pk=oppsett.besok_kort.pk).update(faktisk_min=40)
    april = periode_build(admin, periode_create(admin, APRIL), django_capture_on_commit_callbacks)
    # when April is rebuilt, closed, and May built
    april = periode_build(admin, april, django_capture_on_commit_callbacks)
    assert Loennslinje.objects.filter(periode=april, korreksjon=True).count() == 1
    periode_close(admin, april)
    mai = periode_build(admin, periode_create(admin, MAI), django_capture_on_commit_callbacks)
    # then May has no corrections: March's item is paid in full
    assert not Loennslinje.objects.filter(periode=mai, korreksjon=True).exists()


def test_periods_follow_each_other_and_close_in_order(
    oppsett: Oppsett,
    admin: Ansatt,
    bygget_mars: Loennsperiode,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    from django.core.exceptions import ValidationError

    # given March open; when a gap or an overlap is tried
    with pytest.raises(ValidationError) as gap:
        periode_create(admin, (dt.date(2026, 4, 2), dt.date(2026, 4, 30)))
    # then
    assert gap.value.message_dict["fra_dato"] == [
        "Perioden må begynne dagen etter forrige periode, 01.04.2026."
    ]
    # and April cannot be closed before March
    april = periode_build(admin, periode_create(admin, APRIL), django_capture_on_commit_callbacks)
    with pytest.raises(ApplicationError, match=r"Lukk forrige periode \(01.03.2026–31.03.2026\)"):
        periode_close(admin, april)
    # and an unbuilt period cannot be closed
    periode_close(admin, bygget_mars)
    fresh = periode_create(admin, MAI)
    with pytest.raises(ApplicationError, match="Bygg perioden ferdig"):
        periode_close(admin, fresh)
