"""Which of our units a HER-id is. The one routing look-up: the receiving side's
`EnhetHerId` mappings first (one query on the hot path), then the address book
(`Kommunikasjonspart`, meldinger_ut), then a unit's own HER-id."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from core.models import Ansatt, Enhet
from integrasjoner.meldinger.models import EnhetHerId, Kommunikasjonspart

# Within one batch of received messages (the poller's round, one `melding_motta` run) the
# HER-id mappings do not change: each HER-id is looked up once per batch, not per message.
_BATCH: ContextVar[dict[tuple[str, str], Any] | None] = ContextVar("meldinger_batch", default=None)


@contextmanager
def herid_batch() -> Iterator[None]:
    """Remember HER-id look-ups (`enhet_for_herid`, `systembruker_for`) until the block
    ends. Outside such a block every call reads the database."""
    token = _BATCH.set({})
    try:
        yield
    finally:
        _BATCH.reset(token)


def enhet_for_herid(herid: str) -> Enhet | None:
    """The unit receiving messages on `herid`: an active `EnhetHerId` mapping first (it
    names the service, kodeverk 8663), else a unit whose own `her_id` it is; None when the
    HER-id is not ours."""
    herid = (herid or "").strip()
    if not herid.isascii() or not herid.isdecimal():
        return None
    minne = _BATCH.get()
    if minne is None:
        return _enhet_for_herid(herid)
    if ("enhet", herid) not in minne:
        minne[("enhet", herid)] = _enhet_for_herid(herid)
    enhet: Enhet | None = minne[("enhet", herid)]
    return enhet


def _enhet_for_herid(herid: str) -> Enhet | None:
    kobling = EnhetHerId.objects.filter(herid=herid, aktiv=True).select_related("enhet").first()
    if kobling is not None:
        return kobling.enhet
    part = (
        Kommunikasjonspart.objects.filter(herid=herid, aktiv=True, enhet__isnull=False)
        .select_related("enhet")
        .first()
    )
    if part is not None:
        return part.enhet
    return Enhet.objects.filter(her_id=int(herid)).first()


def systembruker_for(herid: str) -> Ansatt | None:
    """The system user that records what a message to `herid` becomes, where one is set."""
    minne = _BATCH.get()
    if minne is None:
        return _systembruker_for(herid)
    if ("bruker", herid) not in minne:
        minne[("bruker", herid)] = _systembruker_for(herid)
    bruker: Ansatt | None = minne[("bruker", herid)]
    return bruker


def _systembruker_for(herid: str) -> Ansatt | None:
    kobling = (
        EnhetHerId.objects.filter(herid=herid, aktiv=True).select_related("systembruker").first()
    )
    return kobling.systembruker if kobling is not None else None


def vaare_herider() -> list[str]:
    """Every HER-id we receive on (the poller's `receiverHerIds`)."""
    ids = set(EnhetHerId.objects.filter(aktiv=True).values_list("herid", flat=True))
    ids |= set(
        Kommunikasjonspart.objects.filter(aktiv=True, enhet__isnull=False).values_list(
            "herid", flat=True
        )
    )
    ids |= {
        str(h) for h in Enhet.objects.filter(her_id__isnull=False).values_list("her_id", flat=True)
    }
    return sorted(ids)
