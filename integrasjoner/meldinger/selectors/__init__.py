"""Reads of the messaging slice."""

from integrasjoner.meldinger.selectors.herid import (
    enhet_for_herid,
    systembruker_for,
    vaare_herider,
)
from integrasjoner.meldinger.selectors.melding import (
    SIDE,
    Meldingstall,
    avviste_list,
    innboks_list,
    koblingsko_list,
    melding_get,
    meldinger_audit,
    meldingstall_per_type,
    samtaler_for_pasient,
)

__all__ = [
    "SIDE",
    "Meldingstall",
    "avviste_list",
    "enhet_for_herid",
    "innboks_list",
    "koblingsko_list",
    "melding_get",
    "meldinger_audit",
    "meldingstall_per_type",
    "samtaler_for_pasient",
    "systembruker_for",
    "vaare_herider",
]
