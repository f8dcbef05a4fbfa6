"""Reads for welfare technology, by area: the response queue (alarm) and parked events
(parkert)."""

from integrasjoner.velferdsteknologi.selectors.alarm import (
    KO_MAKS,
    LISTE_LOGG_VINDU,
    alarm_get,
    alarmer_closed_recent,
    alarmer_open,
)
from integrasjoner.velferdsteknologi.selectors.parkert import (
    PARKERT_SIDE,
    hendelse_parked_get,
    hendelser_parked,
)

__all__ = [
    "KO_MAKS",
    "LISTE_LOGG_VINDU",
    "PARKERT_SIDE",
    "alarm_get",
    "alarmer_closed_recent",
    "alarmer_open",
    "hendelse_parked_get",
    "hendelser_parked",
]
