"""Demo data for welfare technology (manage.py demo_velferdsteknologi): a sending system
with devices on a few patients of a home-care zone; prints how to send."""

from __future__ import annotations

from django.core.management.base import CommandError, OutputWrapper

from core.context import system_context
from core.models import Enhet
from integrasjoner.velferdsteknologi.models import Avsendersystem, UtstyrType
from integrasjoner.velferdsteknologi.services import avsendersystem_create, utstyr_register
from journal.models import Pasient

NAVN = "Demo alarmsentral"


def demo_load(*, enhet_navn: str, stdout: OutputWrapper) -> None:
    """The demo sender and its devices (idempotent)."""
    enhet = Enhet.objects.filter(navn__icontains=enhet_navn).order_by("navn").first()
    if enhet is None:
        raise CommandError("Fant ingen enhet; kjør manage.py demo_journal først.")
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
            stdout.write(f"  TA-{n:04d} / BT-{n:04d}: {pasient.fullt_navn}")
    stdout.write(
        f"Avsender {avsender.navn} ({enhet.navn})\n"
        f"  X-Api-Nokkel: {avsender.nokkel_id}\n  hemmelighet: {avsender.hemmelighet}\n"
        "Send en alarm: .venv/bin/python scripts/vft_send.py fall TA-0001"
    )
