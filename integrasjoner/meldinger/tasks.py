"""Messaging tasks (thin adapters; the schedule is in config/celery.py)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="meldinger.tasks.meldinger_poll", ignore_result=True)
def meldinger_poll() -> None:
    """Every half minute: fetch and receive unread messages for our HER-ids."""
    from django.conf import settings

    from integrasjoner.meldinger.services.poll import meldinger_poll as poll

    if settings.USE_MELDINGER:
        poll()
