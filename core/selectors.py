from __future__ import annotations

from typing import Any

from core.models import Action, Rolle, RolleRettighetEndring


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
