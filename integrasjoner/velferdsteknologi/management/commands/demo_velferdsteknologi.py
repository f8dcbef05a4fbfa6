"""Demo sending system with devices on a few patients of a home-care zone; prints how to send."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from integrasjoner.velferdsteknologi.demo import demo_load


class Command(BaseCommand):
    help = "Opprett et demo-avsendersystem med trygghetsalarmer og blodtrykksmålere (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--enhet", default="sone nord", help="del av enhetens navn")

    def handle(self, *args: Any, **options: Any) -> None:
        demo_load(enhet_navn=options["enhet"], stdout=self.stdout)
