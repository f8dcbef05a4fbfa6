"""Reads of medication. Areas: katalog, forordning."""

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

__all__ = [
    "Legemiddelliste",
    "forordning_get",
    "forordning_overdue",
    "forordninger_active_qs",
    "legemiddel_get",
    "legemiddel_search",
    "legemiddelliste_get",
    "legemiddelliste_print",
    "legemidler_active",
    "leger_for_telefonordinasjon",
    "telefonordinasjon_list",
]
