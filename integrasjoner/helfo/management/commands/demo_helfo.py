"""A sent claim to HELFO with one rejected line, from the GP office demo (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from integrasjoner.helfo.demo import demo_load


class Command(BaseCommand):
    help = "Et sendt krav til HELFO med én avvist linje, fra legekontorets demo (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        demo_load(stdout=self.stdout)
