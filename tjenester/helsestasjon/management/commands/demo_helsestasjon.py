from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.context import system_context
from tjenester.helsestasjon.demo import helsestasjon_demo_build, vekst_demo_build


class Command(BaseCommand):
    help = (
        "Demodata for helsestasjonen: innskrevne barn med foresatte, konsultasjoner og "
        "vaksiner (noe forfalt, én reservasjon), og vekstmålinger. Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demodata er ikke tillatt her (DEMO_DATA_ALLOWED=False).")
        made = helsestasjon_demo_build()
        self.stdout.write(f"Helsestasjonen: {made} barn skrevet inn.")
        with system_context():
            vekst = vekst_demo_build()
        self.stdout.write(f"Helsestasjonen: {vekst.maalinger} vekstmålinger for {vekst.barn} barn.")
