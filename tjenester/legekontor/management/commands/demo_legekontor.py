from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.context import system_context
from tjenester.legekontor.demo import legekontor_demo_build


class Command(BaseCommand):
    help = "Bygger demodata for legekontorene (idempotent; kjør etter demo_journal)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demodata er ikke tillatt her (DEMO_DATA_ALLOWED=False).")
        with system_context():
            result = legekontor_demo_build()
        self.stdout.write(
            f"Legekontor: {result.kontorer} kontorer, {result.leger} leger, "
            f"{result.listeplasser} på lister, {result.timer} timer, "
            f"{result.konsultasjoner} signerte konsultasjoner."
        )
