from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="helfo.tasks.oppgjoer_poll", ignore_result=True)
def oppgjoer_poll() -> int:
    """Fetch settlements from HELFO and register the new ones, as the system. HELFO being
    unreachable is logged and tried again at the next beat."""
    from core.context import system_context
    from core.exceptions import IntegrationError
    from integrasjoner.helfo.services import oppgjoer_poll as poll

    with system_context():
        try:
            return poll()
        except IntegrationError as e:
            logger.warning("HELFO settlements not fetched: %s", e)
            return 0
