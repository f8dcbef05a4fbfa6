"""Demo invoicing: last month's invoice run of the demo municipality, computed as a draft,
so `/faktura/` has a run to open (idempotent: an existing run of that month is kept)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import CommandError, OutputWrapper

from core.acting import acting_as, tilknytninger_active
from core.klokke import idag
from core.models import Action, Ansatt, Kommune
from integrasjoner.faktura.models import Fakturakjoering
from integrasjoner.faktura.services import kjoering_run, kjoering_start

KOMMUNENR = "3401"  # Kongsvinger, the demo's first kommune
ADMIN = "admin"


def demo_load(*, stdout: OutputWrapper) -> None:
    if not settings.DEMO_DATA_ALLOWED:
        raise CommandError("Demodata er ikke tillatt her (DEMO_DATA_ALLOWED=False).")
    kommune = Kommune.objects.filter(nummer=KOMMUNENR).first()
    admin = Ansatt.objects.filter(username=ADMIN).first()
    if kommune is None or admin is None:
        raise CommandError("Fant ikke demokommunen; kjør manage.py demo_journal først.")
    maned = (idag().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    if Fakturakjoering.objects.filter(kommune=kommune, maned=maned).exists():
        stdout.write(f"Faktura: kjøringen for {maned:%m.%Y} finnes.")
        return
    enhet = next(
        (
            t.enhet
            for t in tilknytninger_active(ansatt=admin)
            if t.enhet.virksomhet.kommune_id == kommune.pk
            and t.rolle.rettigheter.filter(action=Action.ADMIN).exists()
        ),
        None,
    )
    if enhet is None:
        raise CommandError("Demo-admin mangler en enhet med administratorrett i demokommunen.")
    with acting_as(admin, enhet):
        kjoring = kjoering_start(actor=admin, maned=maned)
    status = kjoering_run(kjoring_id=kjoring.pk)
    kjoring.refresh_from_db()
    stdout.write(
        f"Faktura: kjøringen for {maned:%m.%Y} er beregnet ({status}, "
        f"{kjoring.antall_linjer} linjer, {kjoring.sum_belop} kr)."
    )
