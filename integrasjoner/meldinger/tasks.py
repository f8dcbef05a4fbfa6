from __future__ import annotations

from celery import shared_task


@shared_task(name="meldinger.tasks.utgaaende_frist_check", ignore_result=True)
def utgaaende_frist_check() -> int:
    """Beat: outgoing messages without their receipt in time raise alerts (meldinger_ut)."""
    from core.context import system_context
    from integrasjoner.meldinger.services import utgaaende_frist_check as check

    with system_context():
        return check()
