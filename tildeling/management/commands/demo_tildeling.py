from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tildeling.demo import demo_tildeling_build


class Command(BaseCommand):
    help = "Bygger demodata for tildeling (idempotent): tjenestekatalog, brevhoder og saker."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demodata er ikke tillatt her (DEMO_DATA_ALLOWED=False).")
        result = demo_tildeling_build()
        self.stdout.write(f"Tildeling: {result.saker} saker, {result.varsler} åpne varsler.")
