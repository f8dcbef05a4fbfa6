"""Which of our units a HER-id is. The one routing look-up: the sending side's address
book (branch meldinger_ut) replaces the body of `enhet_for_herid`, not its callers."""

from __future__ import annotations

from core.models import Ansatt, Enhet
from integrasjoner.meldinger.models import EnhetHerId


def enhet_for_herid(herid: str) -> Enhet | None:
    """The unit receiving messages on `herid`: an active `EnhetHerId` mapping first (it
    names the service, kodeverk 8663), else a unit whose own `her_id` it is; None when the
    HER-id is not ours."""
    herid = (herid or "").strip()
    if not herid.isascii() or not herid.isdecimal():
        return None
    kobling = EnhetHerId.objects.filter(herid=herid, aktiv=True).select_related("enhet").first()
    if kobling is not None:
        return kobling.enhet
    return Enhet.objects.filter(her_id=int(herid)).first()


def systembruker_for(herid: str) -> Ansatt | None:
    """The system user that records what a message to `herid` becomes, where one is set."""
    kobling = (
        EnhetHerId.objects.filter(herid=herid, aktiv=True).select_related("systembruker").first()
    )
    return kobling.systembruker if kobling is not None else None


def vaare_herider() -> list[str]:
    """Every HER-id we receive on (the poller's `receiverHerIds`)."""
    ids = set(EnhetHerId.objects.filter(aktiv=True).values_list("herid", flat=True))
    ids |= {
        str(h) for h in Enhet.objects.filter(her_id__isnull=False).values_list("her_id", flat=True)
    }
    return sorted(ids)
