"""The unit a person acts in. Chosen after login, kept in the session, re-checked every request."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Q

from core.context import RequestContext, new_request_id, request_context
from core.klokke import idag
from core.models import Action, Ansatt, Enhet, EnhetType, Rolle, Tilknytning

SESSION_KEY = "kj_enhet_id"


@dataclass(frozen=True)
class ActingUnit:
    enhet: Enhet
    rolle: Rolle
    actions: frozenset[str]

    def can(self, action: Action) -> bool:
        return action.value in self.actions

    @property
    def can_review_log(self) -> bool:
        return self.can(Action.REVIEW_LOG)

    @property
    def can_manage_blocking(self) -> bool:
        return self.can(Action.MANAGE_BLOCKING)

    @property
    def can_handle_case(self) -> bool:
        return self.can(Action.HANDLE_CASE)

    @property
    def can_admin(self) -> bool:
        return self.can(Action.ADMIN)

    @property
    def can_respond_alarm(self) -> bool:
        return self.can(Action.RESPOND_ALARM)

    @property
    def in_sykehjem(self) -> bool:
        """Acting in a nursing home or one of its wards, or managing stays (main-menu link)."""
        return self.enhet.type in (
            EnhetType.SYKEHJEM,
            EnhetType.SYKEHJEMSAVDELING,
        ) or self.can(Action.MANAGE_STAYS)

    @property
    def in_sykehjemsavdeling(self) -> bool:
        """Acting in a nursing-home ward: its task list, beds and stays are run from there."""
        return self.enhet.type == EnhetType.SYKEHJEMSAVDELING

    @property
    def can_manage_ward(self) -> bool:
        """May admit, keep rooms and beds and register shifts: a ward with MANAGE_STAYS."""
        return self.in_sykehjemsavdeling and self.can(Action.MANAGE_STAYS)

    @property
    def in_hjemmetjeneste(self) -> bool:
        """Acting in home care (the service or one of its districts): main-menu link."""
        return self.enhet.type in (EnhetType.HJEMMETJENESTE, EnhetType.HJEMMETJENESTE_SONE)


def tilknytninger_active(*, ansatt: Ansatt) -> list[Tilknytning]:
    """Active unit assignments of a person, one per unit (the first role wins)."""
    today = idag()
    rows = (
        Tilknytning.objects.filter(ansatt=ansatt, gyldig_fra__lte=today, enhet__aktiv=True)
        .filter(Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=today))
        .select_related("enhet", "enhet__virksomhet__kommune", "rolle")
        .order_by("enhet__navn", "gyldig_fra")
    )
    seen: set[uuid.UUID] = set()
    result = []
    for row in rows:
        if row.enhet_id not in seen:
            seen.add(row.enhet_id)
            result.append(row)
    return result


def acting_unit_resolve(*, ansatt: Ansatt, enhet_id: object) -> ActingUnit | None:
    """The acting unit for `enhet_id`, or the only unit when none is asked for.

    Returns None when the id is not one of the person's active units (e.g. a forged
    session value) or when the person has several units and has not chosen.
    """
    active = tilknytninger_active(ansatt=ansatt)
    chosen: Tilknytning | None = None
    if enhet_id:
        chosen = next((t for t in active if str(t.enhet_id) == str(enhet_id)), None)
    elif len(active) == 1:
        chosen = active[0]
    if chosen is None:
        return None
    actions = frozenset(chosen.rolle.rettigheter.values_list("action", flat=True))
    return ActingUnit(enhet=chosen.enhet, rolle=chosen.rolle, actions=actions)


def acting_context(tilknytning: Tilknytning, *, kanal: str = "system") -> RequestContext:
    """A request context acting in the assignment's unit with its role's rights, for work a
    command or task does on a person's behalf (demo data, imports)."""
    enhet = tilknytning.enhet
    return RequestContext(
        request_id=new_request_id(),
        kanal=kanal,
        enhet_id=enhet.pk,
        virksomhet_id=enhet.virksomhet_id,
        rolle_kode=tilknytning.rolle.kode,
        actions=frozenset(tilknytning.rolle.rettigheter.values_list("action", flat=True)),
    )


@contextmanager
def acting_as(ansatt: Ansatt, enhet: Enhet, *, kanal: str = "system") -> Iterator[RequestContext]:
    """Act as `ansatt` in `enhet` (their active assignment there) inside the block."""
    tilknytning = next(
        (t for t in tilknytninger_active(ansatt=ansatt) if t.enhet_id == enhet.pk), None
    )
    if tilknytning is None:
        raise ValueError(f"{ansatt} har ingen aktiv tilknytning til {enhet}.")
    with request_context(acting_context(tilknytning, kanal=kanal)) as ctx:
        yield ctx
