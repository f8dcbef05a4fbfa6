"""Medication tasks (thin adapters; the schedule is in config/celery.py)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="legemidler.tasks.dosevarsel_sweep", ignore_result=True)
def dosevarsel_sweep() -> None:
    """Every few minutes: flag doses nobody signed within their unit's limit."""
    from core.context import system_context
    from legemidler.services import dosevarsel_sweep as sweep

    with system_context():
        sweep()
