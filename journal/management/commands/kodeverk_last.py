from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from journal.lib.kodeverk import KodeverkFileError, Lastresultat
from journal.models import Kodeverk
from journal.seeds import kodeverk_file_load, kodeverk_startsett_load


class Command(BaseCommand):
    help = (
        "Laster kodeverk (ICPC-2, ICD-10) fra CSV-filer i de offisielle formatene (kode;tekst). "
        "Uten --fil lastes startsettet som følger med. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fil", type=Path, help="Sti til en kodefil (semikolonseparert).")
        parser.add_argument(
            "--kodeverk", choices=Kodeverk.values, help="Hvilket kodeverk filen inneholder."
        )
        parser.add_argument(
            "--fullstendig",
            action="store_true",
            help="Filen er hele kodeverket: koder som mangler i filen gjøres inaktive.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fil: Path | None = options["fil"]
        kodeverk: str | None = options["kodeverk"]
        if fil is not None and kodeverk is None:
            raise CommandError("Oppgi --kodeverk (ICPC-2 eller ICD-10) sammen med --fil.")
        if fil is None and (kodeverk is not None or options["fullstendig"]):
            raise CommandError("--kodeverk og --fullstendig brukes bare sammen med --fil.")
        try:
            if fil is not None and kodeverk is not None:
                results = [
                    kodeverk_file_load(
                        path=fil, kodeverk=kodeverk, fullstendig=options["fullstendig"]
                    )
                ]
            else:
                results = kodeverk_startsett_load()
        except KodeverkFileError as exc:
            raise CommandError(str(exc)) from exc
        self._report(results)

    def _report(self, results: list[Lastresultat]) -> None:
        errors = 0
        for result in results:
            self.stdout.write(result.summary())
            for message in result.feil:
                self.stderr.write(message)
            errors += len(result.feil)
        if errors:
            raise CommandError(
                f"{errors} linjer kunne ikke leses (se over). De gyldige linjene er lastet."
            )
