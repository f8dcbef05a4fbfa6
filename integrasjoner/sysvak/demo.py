"""Demo for SYSVAK: nothing is built here. The receipts come from the outbox (the register's
stand-in answers the reports of the demo vaccinations when the workers run, `make run`);
this counts what is there, so `demo_alle` shows the state of the reports."""

from __future__ import annotations

from dataclasses import dataclass

from core.models import Levering, LeveringStatus
from integrasjoner.sysvak.models import SysvakKvittering
from integrasjoner.sysvak.services import SYSVAK


@dataclass
class SysvakDemo:
    kvitteringer: int
    venter: int


def sysvak_demo_build() -> SysvakDemo:
    return SysvakDemo(
        kvitteringer=SysvakKvittering.objects.count(),
        venter=Levering.objects.filter(mottaker=SYSVAK, status=LeveringStatus.VENTER).count(),
    )
