"""Demo data for payroll (manage.py demo_lonn): the current month's pay period for the demo
municipality, built (idempotent)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, OutputWrapper

from core.context import system_context
from core.klokke import idag
from core.models import Kommune
from integrasjoner.lonn.models import Loennsperiode, PeriodeStatus
from integrasjoner.lonn.services import (
    loennsperiode_build,
    loennsperiode_build_request,
    loennsperiode_create,
)

KOMMUNENR = "3401"  # Kongsvinger, the first demo municipality (journal/demo.py)


def _month(today: dt.date) -> tuple[dt.date, dt.date]:
    first = today.replace(day=1)
    next_first = (first + dt.timedelta(days=32)).replace(day=1)
    return first, next_first - dt.timedelta(days=1)


def demo_load(*, stdout: OutputWrapper) -> None:
    """The current month's period of the demo municipality, built (idempotent)."""
    if not settings.DEMO_DATA_ALLOWED:
        raise CommandError("Demodata er ikke tillatt her (DEMO_DATA_ALLOWED=False).")
    kommune = Kommune.objects.filter(nummer=KOMMUNENR).first()
    if kommune is None:
        raise CommandError("Fant ikke demokommunen; kjør manage.py demo_journal først.")
    fra, til = _month(idag())
    with system_context():
        periode = Loennsperiode.objects.filter(kommune=kommune, fra_dato=fra).first()
        if periode is None:
            try:
                periode = loennsperiode_create(
                    actor=None, fra_dato=fra, til_dato=til, kommune_id=kommune.pk
                )
            except ValidationError as exc:
                stdout.write(f"Lønn: ingen ny periode ({'; '.join(exc.messages)}).")
                return
        if periode.status != PeriodeStatus.AAPEN:
            stdout.write(f"Lønn: perioden {periode} er lukket.")
            return
        loennsperiode_build_request(actor=None, periode_id=periode.pk, queue=False)
        status = loennsperiode_build(periode_id=periode.pk)
    linjer = periode.linjer.count()
    stdout.write(f"Lønn: perioden {periode} er bygget ({status}, {linjer} linjer).")
