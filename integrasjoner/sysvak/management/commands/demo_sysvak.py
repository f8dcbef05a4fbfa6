from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from integrasjoner.sysvak.demo import sysvak_demo_build


class Command(BaseCommand):
    help = (
        "Viser status for SYSVAK-meldingene (bygger ingen data; kvitteringer kommer fra utboksen)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demodata er ikke tillatt her (DEMO_DATA_ALLOWED=False).")
        result = sysvak_demo_build()
        self.stdout.write(
            f"SYSVAK: {result.kvitteringer} kvitteringer, {result.venter} meldinger venter."
        )
