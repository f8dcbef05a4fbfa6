from integrasjoner.kpr.selectors.grunnlag import (
    BATCH,
    kodeverdier,
    periode_har_data,
    personer_bygg,
    personer_i_perioden,
)
from integrasjoner.kpr.selectors.rapport import (
    acting_kommune,
    mangler_list,
    rapport_get,
    rapporter_list,
)

__all__ = [
    "BATCH",
    "acting_kommune",
    "kodeverdier",
    "mangler_list",
    "periode_har_data",
    "personer_bygg",
    "personer_i_perioden",
    "rapport_get",
    "rapporter_list",
]
