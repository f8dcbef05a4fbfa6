from __future__ import annotations

from celery import shared_task


@shared_task(name="faktura.tasks.kjoring_run", ignore_result=True)
def kjoering_run(kjoring_id: str) -> None:
    """Compute one queued invoice run as the system (a repeat is a no-op: the run is
    claimed with a compare-and-set). A failure is recorded on the run, not retried."""
    import uuid

    from core.context import system_context
    from integrasjoner.faktura.services import kjoering_run as run

    with system_context():
        run(kjoring_id=uuid.UUID(kjoring_id))
