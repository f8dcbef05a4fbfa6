"""The demo address book and a few outgoing messages (meldinger_ut; idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from integrasjoner.meldinger.demo import demo_load


class Command(BaseCommand):
    help = "Adressebok og noen utgående meldinger for demokommunene (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        demo_load(stdout=self.stdout)
