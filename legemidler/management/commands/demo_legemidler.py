from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.context import system_context
from legemidler.demo import legemidler_demo_build


class Command(BaseCommand):
    help = (
        "Bygger demodata for legemidler: demokatalog og legemiddellister "
        "(idempotent; kjør etter demo_sykehjem og demo_hjemmetjeneste)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demodata er ikke tillatt her (DEMO_DATA_ALLOWED=False).")
        with system_context():
            result = legemidler_demo_build()
        self.stdout.write(
            f"Legemidler: {result.katalog}; {result.forordninger} forordninger for "
            f"{result.pasienter} pasienter, {result.samstemt} samstemminger signert."
        )
