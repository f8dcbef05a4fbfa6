"""Demo KPR: one report of the demo municipality for the last 90 days up to yesterday, built
at once, so `/kpr/` has a report with its persons and its list of what is missing
(idempotent: an existing report of that period is kept)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import CommandError, OutputWrapper

from core.acting import acting_as, tilknytninger_active
from core.exceptions import ApplicationError
from core.klokke import idag
from core.models import Action, Ansatt, Kommune
from integrasjoner.kpr.models import Kprrapport
from integrasjoner.kpr.services import rapport_build, rapport_start

KOMMUNENR = "3401"  # Kongsvinger, the demo's first kommune
SAKSBEHANDLER = "saksbehandler"
DAGER = 90


def demo_load(*, stdout: OutputWrapper) -> None:
    if not settings.DEMO_DATA_ALLOWED:
        raise CommandError("Demodata er ikke tillatt her (DEMO_DATA_ALLOWED=False).")
    kommune = Kommune.objects.filter(nummer=KOMMUNENR).first()
    ansatt = Ansatt.objects.filter(username=SAKSBEHANDLER).first()
    if kommune is None or ansatt is None:
        raise CommandError("Fant ikke demokommunen; kjør manage.py demo_journal først.")
    til = idag() - dt.timedelta(days=1)
    fra = til - dt.timedelta(days=DAGER - 1)
    if Kprrapport.objects.filter(kommune=kommune, fra_dato=fra, til_dato=til).exists():
        stdout.write(f"KPR: rapporten for {fra:%d.%m.%Y}–{til:%d.%m.%Y} finnes.")
        return
    enhet = next(
        (
            t.enhet
            for t in tilknytninger_active(ansatt=ansatt)
            if t.enhet.virksomhet.kommune_id == kommune.pk
            and t.rolle.rettigheter.filter(action=Action.HANDLE_CASE).exists()
        ),
        None,
    )
    if enhet is None:
        raise CommandError("Demo-saksbehandleren mangler en enhet i demokommunen.")
    try:
        with acting_as(ansatt, enhet):
            rapport = rapport_start(actor=ansatt, fra=fra, til=til)
    except ApplicationError as exc:
        stdout.write(f"KPR: ingen rapport ({exc.message}).")
        return
    status = rapport_build(rapport_id=rapport.pk)
    rapport.refresh_from_db()
    stdout.write(
        f"KPR: rapporten for {fra:%d.%m.%Y}–{til:%d.%m.%Y} er bygget ({status}, "
        f"{rapport.antall_rapportert} personer, {rapport.antall_mangler} med mangler)."
    )
