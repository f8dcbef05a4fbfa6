"""Payroll tasks (thin adapters)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="lonn.tasks.lonnsperiode_build", ignore_result=True)
def loennsperiode_build(periode_id: str) -> None:
    """Build one pay period (claims it first; a repeated task is a no-op)."""
    import uuid

    from core.context import system_context
    from integrasjoner.lonn.services import loennsperiode_build as build

    with system_context(kanal="system"):
        build(periode_id=uuid.UUID(periode_id))
