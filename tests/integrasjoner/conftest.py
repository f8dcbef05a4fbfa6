"""Fixtures for the integrations: a running stand-in, a sending system with a device on the
patient, signed requests, and a response-centre operator."""

from __future__ import annotations

import importlib
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.test import Client, override_settings

from core.context import system_context
from core.models import Ansatt, Enhet, Rolle, RolleRettighet
from integrasjoner.standin.server import Standin
from integrasjoner.velferdsteknologi.lib.signatur import signed_headers
from integrasjoner.velferdsteknologi.models import Avsendersystem, Utstyr, UtstyrType
from integrasjoner.velferdsteknologi.services import avsendersystem_create, utstyr_register
from journal.models import Pasient
from tests.conftest import actor

URL = "/api/v1/velferdsteknologi/hendelser/"


def seed_velferdsteknologi() -> None:
    """The note type and default thresholds the migration seeds (a flush removes them)."""
    module = importlib.import_module(
        "integrasjoner.velferdsteknologi.migrations.0001_velferdsteknologi"
    )
    module.seed(apps, None)


@pytest.fixture
def standin(settings: Any) -> Iterator[Standin]:
    server = Standin().start()
    settings.VELFERDSTEKNOLOGI_URL = f"{server.url}/velferdsteknologi"
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def avsender(enhet: Enhet) -> tuple[Avsendersystem, str]:
    seed_velferdsteknologi()
    with system_context():
        return avsendersystem_create(actor=None, navn="Alarmsentral Vest", enhet_id=enhet.pk)


@pytest.fixture
def utstyr(avsender: tuple[Avsendersystem, str], pasient: Pasient, enhet: Enhet) -> Utstyr:
    with system_context():
        return utstyr_register(
            actor=None,
            avsender_id=avsender[0].pk,
            ekstern_id="TA-1001",
            type=UtstyrType.TRYGGHETSALARM,
            pasient_id=pasient.pk,
            enhet_id=enhet.pk,
        )


def post_signed(
    avsender: tuple[Avsendersystem, str],
    payload: dict[str, Any],
    *,
    secret: str | None = None,
    at: int | None = None,
) -> Any:
    body = json.dumps(payload).encode()
    headers = signed_headers(
        nokkel_id=avsender[0].nokkel_id,
        hemmelighet=secret or avsender[1],
        body=body,
        tidspunkt=at if at is not None else int(time.time()),
    )
    return Client().post(
        URL,
        data=body,
        content_type="application/json",
        headers={k: v for k, v in headers.items() if k != "Content-Type"},
    )


def event(n: int = 1, **fields: Any) -> dict[str, Any]:
    from django.utils import timezone

    return {
        "hendelse_id": f"evt-{n}",
        "type": "trygghetsalarm",
        "tidspunkt": timezone.now().isoformat(),
        "utstyr_id": "TA-1001",
        **fields,
    }


def rolle_med(kode: str, actions: list[str]) -> Rolle:
    rolle, _ = Rolle.objects.get_or_create(kode=kode, defaults={"navn": kode})
    for action in actions:
        RolleRettighet.objects.get_or_create(rolle=rolle, action=action)
    return rolle


@pytest.fixture
def operator(enhet: Enhet) -> Ansatt:
    """Response-centre nurse: respond to alarms, write and sign notes (in the patient's unit)."""
    rolle_med("responssenter", ["search_patient", "view", "respond_alarm", "write_note", "sign"])
    return actor(
        enhet, "responssenter", username="resp1", helsepersonellkategori="SP", first_name="Rita"
    )


@pytest.fixture
def leder(enhet: Enhet) -> Ansatt:
    """The default unit-leader role: may respond to alarms, may not write notes."""
    return actor(enhet, "leder", username="leder1")


__all__ = ["URL", "override_settings"]
