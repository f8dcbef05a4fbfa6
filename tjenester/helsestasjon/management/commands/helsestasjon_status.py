from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from core.context import system_context
from tjenester.helsestasjon.services import innskrivninger_status_recompute


class Command(BaseCommand):
    help = (
        "Beregner status for alle aktive innskrivninger på nytt (neste konsultasjon og "
        "vaksinedose, og når barnet står på arbeidslisten). Etter endringer i programmene."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with system_context(), transaction.atomic():
            antall = innskrivninger_status_recompute()
        self.stdout.write(f"Helsestasjonen: status beregnet for {antall} innskrivninger.")
