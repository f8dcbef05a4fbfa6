from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core.klokke import klokke_holdt


class Command(BaseCommand):
    help = (
        "Bygger demodataene for alle appene i rekkefølge (DEMO_KOMMANDOER), idempotent. "
        "Datoer følger klokka (core.klokke)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demodata er ikke tillatt her (DEMO_DATA_ALLOWED=False).")
        # the clock's offset is read once, not at every naa() (thousands of cache reads)
        with klokke_holdt():
            for name in settings.DEMO_KOMMANDOER:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
