"""Reads of medication. Areas: katalog, forordning, samstemming."""

from legemidler.selectors.forordning import (
    Legemiddelliste,
    forordning_get,
    forordning_overdue,
    forordninger_active_qs,
    legemiddelliste_get,
    legemiddelliste_print,
    telefonordinasjon_list,
)
from legemidler.selectors.katalog import (
    legemiddel_get,
    legemiddel_search,
    legemidler_active,
    leger_for_telefonordinasjon,
)
from legemidler.selectors.samstemming import (
    Samstemmingsoversikt,
    samstemming_banner,
    samstemming_get,
    samstemming_list,
    samstemming_needed,
)

__all__ = [
    "Legemiddelliste",
    "Samstemmingsoversikt",
    "forordning_get",
    "forordning_overdue",
    "forordninger_active_qs",
    "legemiddel_get",
    "legemiddel_search",
    "legemiddelliste_get",
    "legemiddelliste_print",
    "legemidler_active",
    "leger_for_telefonordinasjon",
    "samstemming_banner",
    "samstemming_get",
    "samstemming_list",
    "samstemming_needed",
    "telefonordinasjon_list",
]
