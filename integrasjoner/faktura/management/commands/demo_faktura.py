"""Last month's invoice run of the demo municipality, computed as a draft (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from integrasjoner.faktura.demo import demo_load


class Command(BaseCommand):
    help = "Forrige måneds fakturakjøring i demokommunen, beregnet som utkast (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        demo_load(stdout=self.stdout)
