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
