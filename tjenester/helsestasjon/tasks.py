"""Health-station tasks (thin adapters; the schedule is in config/celery.py)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="helsestasjon.tasks.status_beregn_alle", ignore_result=True)
def status_recompute_all() -> int:
    """Nightly: every active enrolment's stored status again, so what no service write
    reaches (a programme version whose start date has come, a corrected birth date, an
    edit made straight in the database) is on the worklist by the morning."""
    from django.db import transaction

    from core.context import system_context
    from tjenester.helsestasjon.services import innskrivninger_status_recompute

    with system_context(), transaction.atomic():
        return innskrivninger_status_recompute()
