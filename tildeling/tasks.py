"""Celery tasks for tildeling: thin adapters that call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="tildeling.tasks.varsler_nattlig", ignore_result=True)
def varsler_nattlig() -> dict[str, int]:
    """The nightly check (ends expired decisions, raises and resolves alerts) as the system,
    on the controllable clock's date."""
    from core.context import system_context
    from tildeling.services.varsel import varsler_raise

    with system_context():
        resultat = varsler_raise()
    return {
        "avsluttet": resultat.avsluttet,
        "nye": resultat.nye,
        "lost": resultat.lost,
        "apne": resultat.apne,
    }
