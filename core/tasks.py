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
