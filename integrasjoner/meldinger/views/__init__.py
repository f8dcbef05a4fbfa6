"""Pages of the messaging slice: the inbox, matching and conversations (inn, meldinger_inn),
outgoing messages and the address book (utgaaende, adresse, meldinger_ut)."""

from integrasjoner.meldinger.views import adresse, utgaaende
from integrasjoner.meldinger.views.inn import (
    innboks,
    kobl,
    koblingsko,
    melding,
    melding_haandter,
    samtaler,
)

__all__ = [
    "adresse",
    "innboks",
    "kobl",
    "koblingsko",
    "melding",
    "melding_haandter",
    "samtaler",
    "utgaaende",
]
