"""Medication models. Areas: katalog (the FEST catalogue), forordning (orders and their
overridden checks), samstemming (reconciliation and review). The administration round
lives in its own area modules."""

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
from legemidler.models.samstemming import (
    Beslutning,
    Legemiddelgjennomgang,
    Legemiddelsamstemming,
    SamstemmingAnledning,
    SamstemmingLinje,
    SamstemmingStatus,
)

__all__ = [
    "Administrasjonsvei",
    "Beslutning",
    "DoseEnhet",
    "Doseringstype",
    "Forordning",
    "ForordningStatus",
    "Interaksjon",
    "InteraksjonSubstans",
    "Katalogimport",
    "Kontroll",
    "Legemiddel",
    "Legemiddelgjennomgang",
    "Legemiddelsamstemming",
    "Overstyring",
    "Relevans",
    "Reseptgruppe",
    "SamstemmingAnledning",
    "SamstemmingLinje",
    "SamstemmingStatus",
    "UkentligLegemiddel",
    "Virkestoff",
]
