"""Reads of multidose: the changes of an order sent to the pharmacy and their delivery."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from core.models import Action, Ansatt, Levering
from journal.access import access_scoped
from legemidler.models import Forordning, Multidoseendring


@dataclass(frozen=True)
class Multidoselevering:
    """One change told to the pharmacy and its deliveries (one per receiver)."""

    endring: Multidoseendring
    leveringer: list[Levering]

    @property
    def levert(self) -> bool:
        return bool(self.leveringer) and all(lev.status == "levert" for lev in self.leveringer)

    @property
    def status_tekst(self) -> str:
        if not self.leveringer:
            return "ingen mottaker"
        return ", ".join(lev.get_status_display() for lev in self.leveringer)


def multidose_leveringer(
    *, actor: Ansatt, forordning_id: uuid.UUID | str
) -> list[Multidoselevering]:
    """The multidose changes of an order and their deliveries to the pharmacy, oldest
    first (for the order's page). NotFound as for the order. No patient data beyond the
    order, whose read the order page audits."""
    forordning = access_scoped(
        actor, Forordning.objects.only("id", "pasient_id"), forordning_id, action=Action.VIEW
    )
    endringer = list(Multidoseendring.objects.filter(forordning=forordning).order_by("created_at"))
    leveringer: dict[uuid.UUID, list[Levering]] = {}
    for lev in Levering.objects.filter(
        hendelse_id__in=[e.utbokshendelse_id for e in endringer]
    ).order_by("mottaker"):
        leveringer.setdefault(lev.hendelse_id, []).append(lev)
    return [Multidoselevering(e, leveringer.get(e.utbokshendelse_id, [])) for e in endringer]
