from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tjenester.legekontor.seeds import DATA, takster_fil, takster_load


class Command(BaseCommand):
    help = "Laster normaltariffen (takster) fra tjenester/legekontor/data/takster_<år>.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--aar", type=int, help="Tariffår (standard: alle filer)")

    def handle(self, *args: Any, **options: Any) -> None:
        aar = options.get("aar")
        filer = [takster_fil(aar)] if aar else sorted(DATA.glob("takster_*.json"))
        for path in filer:
            if not path.exists():
                raise CommandError(f"Fant ikke {path.name}.")
            result = takster_load(path)
            self.stdout.write(f"{result.fil}: {result.nye} nye, {result.endret} endret.")
