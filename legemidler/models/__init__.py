"""Medication models. Areas: katalog (the FEST catalogue), forordning (orders and their
overridden checks). The administration round lives in its own area modules."""

from legemidler.models.forordning import (
    Administrasjonsvei,
    DoseEnhet,
    Doseringstype,
    Forordning,
    ForordningStatus,
    Kontroll,
    Overstyring,
)
from legemidler.models.katalog import (
    Interaksjon,
    InteraksjonSubstans,
    Katalogimport,
    Legemiddel,
    Relevans,
    Reseptgruppe,
    UkentligLegemiddel,
    Virkestoff,
)

__all__ = [
    "Administrasjonsvei",
    "DoseEnhet",
    "Doseringstype",
    "Forordning",
    "ForordningStatus",
    "Interaksjon",
    "InteraksjonSubstans",
    "Katalogimport",
    "Kontroll",
    "Legemiddel",
    "Overstyring",
    "Relevans",
    "Reseptgruppe",
    "UkentligLegemiddel",
    "Virkestoff",
]
