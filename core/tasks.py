from __future__ import annotations

import time

from celery import shared_task
from django.conf import settings


@shared_task(name="core.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Beat → worker round trip; /health/ shows when it last ran."""
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
    client.set("kj:heartbeat", str(time.time()), ex=300)


@shared_task(name="core.tasks.auditlogg_partitions", ignore_result=True)
def auditlogg_partitions() -> None:
    """Keep the audit log's monthly partitions prepared 12 months ahead."""
    from core.services import auditlogg_partitions_ensure

    auditlogg_partitions_ensure(months=12)


@shared_task(name="core.tasks.levering_deliver", ignore_result=True)
def levering_deliver(levering_id: str) -> None:
    """Deliver one outbox delivery (claim, send, record; a repeat is a no-op).

    No Celery retry here: the backoff lives in the row (neste_forsok_at), so it survives a
    worker crash, and the sweep queues the next attempt when it is due.
    """
    import uuid

    from core.outbox import levering_deliver as deliver

    deliver(levering_id=uuid.UUID(levering_id))


@shared_task(name="core.tasks.levering_sweep", ignore_result=True)
def levering_sweep() -> None:
    """Queue due retries and lost deliveries; reclaim deliveries stuck in `sender`."""
    from core.outbox import levering_sweep as sweep

    sweep()
