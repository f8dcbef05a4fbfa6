"""Reads of the messaging slice."""

from integrasjoner.meldinger.selectors.adresse import (
    eksterne_mottakere,
    herid_for_mottaker,
    kommunikasjonsparter_list,
)
from integrasjoner.meldinger.selectors.herid import (
    enhet_for_herid,
    herid_batch,
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
from integrasjoner.meldinger.selectors.utgaaende import (
    pasient_meldinger,
    utgaaende_get,
    utgaaende_list,
    utgaaende_list_audit,
)

__all__ = [
    "SIDE",
    "Meldingstall",
    "avviste_list",
    "eksterne_mottakere",
    "enhet_for_herid",
    "herid_batch",
    "herid_for_mottaker",
    "innboks_list",
    "koblingsko_list",
    "kommunikasjonsparter_list",
    "melding_get",
    "meldinger_audit",
    "meldingstall_per_type",
    "pasient_meldinger",
    "samtaler_for_pasient",
    "systembruker_for",
    "utgaaende_get",
    "utgaaende_list",
    "utgaaende_list_audit",
    "vaare_herider",
]
