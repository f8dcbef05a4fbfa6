"""Demo sending system with devices on a few patients of a home-care zone; prints how to send."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.context import system_context
from core.models import Enhet
from integrasjoner.velferdsteknologi.models import Avsendersystem, UtstyrType
from integrasjoner.velferdsteknologi.services import avsendersystem_create, utstyr_register
from journal.models import Pasient

NAVN = "Demo alarmsentral"


class Command(BaseCommand):
    help = "Opprett et demo-avsendersystem med trygghetsalarmer og blodtrykksmålere (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--enhet", default="sone nord", help="del av enhetens navn")

    def handle(self, *args: Any, **options: Any) -> None:
        enhet = Enhet.objects.filter(navn__icontains=options["enhet"]).order_by("navn").first()
        if enhet is None:
            raise CommandError("Fant ingen enhet; kjør manage.py demo_data først.")
        with system_context():
            avsender = Avsendersystem.objects.filter(navn=NAVN).first()
            if avsender is None:
                avsender, _ = avsendersystem_create(actor=None, navn=NAVN, enhet_id=enhet.pk)
            pasienter = (
                Pasient.objects.filter(relasjoner__enhet=enhet, relasjoner__gyldig_til__isnull=True)
                .distinct()
                .order_by("identifikator")[:3]
            )
            for n, pasient in enumerate(pasienter, start=1):
                for prefix, type_ in (
                    ("TA", UtstyrType.TRYGGHETSALARM),
                    ("BT", UtstyrType.BLODTRYKKSMALER),
                ):
                    utstyr_register(
                        actor=None,
                        avsender_id=avsender.pk,
                        ekstern_id=f"{prefix}-{n:04d}",
                        type=type_,
                        pasient_id=pasient.pk,
                        enhet_id=enhet.pk,
                    )
                self.stdout.write(f"  TA-{n:04d} / BT-{n:04d}: {pasient.fullt_navn}")
        self.stdout.write(
            f"Avsender {avsender.navn} ({enhet.navn})\n"
            f"  X-Api-Nokkel: {avsender.nokkel_id}\n  hemmelighet: {avsender.hemmelighet}\n"
            "Send en alarm: .venv/bin/python scripts/vft_send.py fall TA-0001"
        )
