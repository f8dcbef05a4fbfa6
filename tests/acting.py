"""Run service and selector calls as a staff member acting in their unit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from core.context import RequestContext, request_context
from core.models import Ansatt, Enhet, Tilknytning


@contextmanager
def acting_as(ansatt: Ansatt, enhet: Enhet | None = None) -> Iterator[RequestContext]:
    tilknytninger = Tilknytning.objects.filter(ansatt=ansatt).select_related("rolle", "enhet")
    if enhet is not None:
        tilknytninger = tilknytninger.filter(enhet=enhet)
    tilknytning = tilknytninger.first()
    assert tilknytning is not None, "the actor has no unit"
    actions = frozenset(tilknytning.rolle.rettigheter.values_list("action", flat=True))
    ctx = RequestContext(
        request_id="test-request",
        ip="127.0.0.1",
        kanal="web",
        enhet_id=tilknytning.enhet_id,
        virksomhet_id=tilknytning.enhet.virksomhet_id,
        rolle_kode=tilknytning.rolle.kode,
        actions=actions,
    )
    with request_context(ctx):
        yield ctx
