from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.context import system_context
from tjenester.hjemmetjeneste.demo import hjemmetjeneste_demo_build


class Command(BaseCommand):
    help = (
        "Demodata for hjemmetjenesten: adresser, vakter og besøk i dag og neste uke (idempotent)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demodata er ikke tillatt her (DEMO_DATA_ALLOWED=False).")
        with system_context():
            made = hjemmetjeneste_demo_build()
        self.stdout.write(f"Hjemmetjenesten: {made} nye besøk.")
