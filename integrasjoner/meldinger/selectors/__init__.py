from integrasjoner.meldinger.selectors.adresse import (
    eksterne_mottakere,
    enhet_for_herid,
    herid_for_mottaker,
    kommunikasjonsparter_list,
)
from integrasjoner.meldinger.selectors.utgaaende import (
    utgaaende_for_pasient,
    utgaaende_get,
    utgaaende_list,
    utgaaende_list_audit,
)

__all__ = [
    "eksterne_mottakere",
    "enhet_for_herid",
    "herid_for_mottaker",
    "kommunikasjonsparter_list",
    "utgaaende_for_pasient",
    "utgaaende_get",
    "utgaaende_list",
    "utgaaende_list_audit",
]
