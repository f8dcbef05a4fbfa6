"""Pages of the messaging slice: the inbox, matching and conversations (melding,
meldinger_inn), outgoing messages and the address book (utgaaende, adresse, meldinger_ut)."""

from integrasjoner.meldinger.views import adresse, melding, utgaaende

__all__ = ["adresse", "melding", "utgaaende"]
