"""Demo messages from hospitals and GPs in the demo kommune's inbox (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from integrasjoner.meldinger.demo import demo_load


class Command(BaseCommand):
    help = "Legg noen meldinger fra sykehus og fastlege i demo-kommunens innboks (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        demo_load(stdout=self.stdout)
