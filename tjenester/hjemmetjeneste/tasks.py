"""Home-care tasks (thin adapters; the schedule is in config/celery.py)."""

from __future__ import annotations

from celery import shared_task

# How far ahead the nightly run plans each district's visits.
DAGER_FRAMOVER = 7


@shared_task(name="hjemmetjeneste.tasks.besok_generer_alle", ignore_result=True)
def besoek_generate_all(dager: int = DAGER_FRAMOVER) -> None:
    """Nightly: every district's visits from today and `dager` days ahead, from the plans."""
    from core.context import system_context
    from tjenester.hjemmetjeneste.services import besoek_generate_all as generate_all

    with system_context():
        generate_all(dager=dager)


@shared_task(name="hjemmetjeneste.tasks.besok_varsle_forsinkede", ignore_result=True)
def besoek_flag_late() -> None:
    """Every few minutes: flag visits whose window ended without a check-in."""
    from core.context import system_context
    from tjenester.hjemmetjeneste.services import besoek_flag_late as flag_late

    with system_context():
        flag_late()
