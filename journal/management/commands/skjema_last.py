from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from journal.lib.skjema import SkjemaDefinitionError
from journal.seeds import SKJEMA_DIR, skjema_load


class Command(BaseCommand):
    help = (
        "Laster kartleggingsskjemaer (JSON-definisjoner). Uten filer lastes skjemaene som "
        "følger med (journal/data/skjema/). Idempotent: en versjon som er lastet før, lastes "
        "ikke på nytt; en endret definisjon må ha nytt versjonsnummer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("filer", nargs="*", type=Path, help="JSON-filer med skjemadefinisjon.")

    def handle(self, *args: Any, **options: Any) -> None:
        filer: list[Path] = options["filer"] or sorted(SKJEMA_DIR.glob("*.json"))
        feil = 0
        for fil in filer:
            try:
                resultat = skjema_load(fil)
            except SkjemaDefinitionError as exc:
                self.stderr.write(str(exc))
                feil += 1
                continue
            status = "lastet" if resultat.ny else "uendret"
            self.stdout.write(f"{resultat.kode} versjon {resultat.versjon}: {status}")
        if feil:
            raise CommandError(f"{feil} skjema kunne ikke lastes (se over).")
