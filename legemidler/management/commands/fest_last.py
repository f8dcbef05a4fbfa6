from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.exceptions import ApplicationError
from legemidler.services.katalog import DEMO_FIL, katalog_load


class Command(BaseCommand):
    help = (
        "Laster legemiddelkatalogen fra en FEST-fil (M30). Erstatter katalogen; legemidler som "
        "ikke lenger finnes, merkes utgått. Uten fil: demokatalogen "
        "(legemidler/data/fest_demo.xml)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("fil", nargs="?", help="FEST-fil (XML, M30)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["fil"]) if options["fil"] else DEMO_FIL
        if not path.is_file():
            raise CommandError(f"Finner ikke filen {path}.")
        try:
            with path.open("rb") as fil:
                lasting = katalog_load(fil=fil, filnavn=path.name, demo=path == DEMO_FIL)
        except ApplicationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"FEST lastet fra {path.name}{' (demodata)' if lasting.demo else ''}: "
            f"{lasting.antall_nye} nye, {lasting.antall_endret} endret, "
            f"{lasting.antall_utgaatt} utgått."
        )
