from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.context import system_context
from tjenester.sykehjem.demo import sykehjem_demo_build


class Command(BaseCommand):
    help = "Bygger demodata for sykehjemmene (idempotent; kjør etter demo_journal)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demodata er ikke tillatt her (DEMO_DATA_ALLOWED=False).")
        with system_context():
            result = sykehjem_demo_build()
        self.stdout.write(
            f"Sykehjem: {result.avdelinger} avdelinger, {result.senger} senger, "
            f"{result.opphold} beboere, {result.venteliste} på venteliste."
        )
