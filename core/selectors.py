from __future__ import annotations

import uuid
from typing import Any

from core.models import Action, Enhet, Rolle, RolleRettighetEndring


def roller_matrise() -> dict[str, Any]:
    """Every role with its rights, for the admin matrix, plus the latest changes."""
    roles = list(Rolle.objects.prefetch_related("rettigheter").order_by("navn"))
    rows = [
        (rolle, [(a, a.value in {r.action for r in rolle.rettigheter.all()}) for a in Action])
        for rolle in roles
    ]
    labels = dict(Action.choices)
    history = [
        (
            e,
            [str(labels.get(a, a)) for a in e.for_endring],
            [str(labels.get(a, a)) for a in e.etter_endring],
        )
        for e in RolleRettighetEndring.objects.select_related("rolle", "endret_av")[:20]
    ]
    return {"actions": list(Action), "rows": rows, "historikk": history}


def enhet_subtree_ids(root_id: uuid.UUID) -> set[uuid.UUID]:
    """The unit and every unit below it (one query for the virksomhet's units)."""
    root = Enhet.objects.filter(pk=root_id).values("virksomhet_id").first()
    if root is None:
        return set()
    children: dict[uuid.UUID | None, list[uuid.UUID]] = {}
    for pk, parent in Enhet.objects.filter(virksomhet_id=root["virksomhet_id"]).values_list(
        "pk", "forelder_id"
    ):
        children.setdefault(parent, []).append(pk)
    result, stack = set(), [root_id]
    while stack:
        current = stack.pop()
        if current not in result:
            result.add(current)
            stack.extend(children.get(current, []))
    return result
