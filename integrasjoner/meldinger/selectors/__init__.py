from integrasjoner.meldinger.selectors.adresse import (
    eksterne_mottakere,
    enhet_for_herid,
    herid_for_mottaker,
    kommunikasjonsparter_list,
)
from integrasjoner.meldinger.selectors.utgaaende import (
    pasient_meldinger,
    utgaaende_get,
    utgaaende_list,
    utgaaende_list_audit,
)

__all__ = [
    "eksterne_mottakere",
    "enhet_for_herid",
    "herid_for_mottaker",
    "kommunikasjonsparter_list",
    "pasient_meldinger",
    "utgaaende_get",
    "utgaaende_list",
    "utgaaende_list_audit",
]
