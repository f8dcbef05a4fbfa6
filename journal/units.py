"""Unit tree helpers."""

from __future__ import annotations

import uuid

from core.models import Enhet


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
