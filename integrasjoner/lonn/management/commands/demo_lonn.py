"""The current month's pay period for the demo municipality, built (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from integrasjoner.lonn.demo import demo_load


class Command(BaseCommand):
    help = "Lønnsperiode for inneværende måned i demokommunen, bygget (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        demo_load(stdout=self.stdout)
