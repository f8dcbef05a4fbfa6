from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.context import system_context
from journal.demo import bulk_generate, demo_build


class Command(BaseCommand):
    help = (
        "Bygger demokommunene (idempotent). --patients N legger til N syntetiske pasienter raskt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--patients",
            type=int,
            default=None,
            help="Generer N ekstra pasienter med masseinnsetting (for benchmark).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demodata er ikke tillatt her (DEMO_DATA_ALLOWED=False).")
        with system_context():
            result = demo_build()
            self.stdout.write(
                f"Demodata: {result.kommuner} kommuner, {result.enheter} enheter, "
                f"{result.ansatte} ansatte, {result.pasienter_totalt} pasienter "
                f"({result.pasienter_nye} nye)."
            )
            count = options["patients"]
            if count:
                if count < 0:
                    raise CommandError("--patients må være et positivt tall.")
                inserted, seconds = bulk_generate(count=count)
                rate = inserted / seconds if seconds else 0.0
                self.stdout.write(
                    f"Generert {inserted} pasienter på {seconds:.1f} s ({rate:,.0f} rader/s)."
                )
