"""The demo municipality's KPR report for the last 90 days, built at once (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from integrasjoner.kpr.demo import demo_load


class Command(BaseCommand):
    help = "KPR-rapport for demokommunen for de siste 90 dagene, bygget med en gang (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        demo_load(stdout=self.stdout)
