"""The default reasons for access outside a care relationship (admins edit the list)."""

from __future__ import annotations

from journal.models import Tilgangsgrunn

DEFAULT_GRUNNER = [
    "Pasienten er under overføring eller innleggelse hos oss",
    "Jeg er tilkalt som vikar eller ekstrahjelp fra annen enhet",
    "Legevakt eller øyeblikkelig hjelp",
    "Vurdering av søknad eller henvendelse om helsehjelp",
    "Samarbeid om pasienten med enheten som har relasjonen",
]


def tilgangsgrunner_seed(model: type[Tilgangsgrunn] = Tilgangsgrunn) -> None:
    """Create the default reasons when the list is empty (never re-adds removed ones)."""
    if not model.objects.exists():
        for tekst in DEFAULT_GRUNNER:
            model.objects.create(tekst=tekst)
