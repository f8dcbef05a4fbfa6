from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.klokke import klokke_offset, klokke_reset, klokke_set, naa


class Command(BaseCommand):
    help = "Flytter den justerbare klokka (bare i test/demo, KLOKKE_JUSTERBAR=True)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dager", type=int, default=None, help="Flytt klokka N dager fram.")
        parser.add_argument("--nullstill", action="store_true", help="Tilbake til riktig tid.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["nullstill"]:
                klokke_reset()
            elif options["dager"] is not None:
                klokke_set(dt.timedelta(days=options["dager"]))
        except Exception as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Klokka: {naa():%d.%m.%Y %H:%M} (forskjøvet {klokke_offset()}).")
