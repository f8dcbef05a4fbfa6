from __future__ import annotations

from celery import shared_task


@shared_task(name="kpr.tasks.rapport_build", ignore_result=True)
def rapport_build(rapport_id: str) -> None:
    """Build one queued KPR report as the system (a repeat is a no-op: the report is
    claimed with a compare-and-set). A failure is recorded on the report, not retried."""
    import uuid

    from core.context import system_context
    from integrasjoner.kpr.services import rapport_build as build

    with system_context():
        build(rapport_id=uuid.UUID(rapport_id))
