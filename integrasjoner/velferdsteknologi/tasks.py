"""Welfare-technology tasks (thin adapters; the schedule is in config/celery.py)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="velferdsteknologi.tasks.hendelser_behandle", ignore_result=True)
def hendelser_behandle(ids: list[str]) -> None:
    """Act on the events of one received batch (services.hendelser_receive)."""
    from core.context import system_context
    from integrasjoner.velferdsteknologi.services import hendelser_process

    with system_context():
        hendelser_process(ids=ids)


@shared_task(name="velferdsteknologi.tasks.hendelser_sveip", ignore_result=True)
def hendelser_sveip() -> None:
    """Every half minute: act on received events no worker finished (it died, or the
    broker lost the message)."""
    from core.context import system_context
    from integrasjoner.velferdsteknologi.services import SVEIP_ETTER, hendelser_process

    with system_context():
        hendelser_process(eldre_enn=SVEIP_ETTER)
