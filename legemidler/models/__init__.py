"""Medication models. Areas: katalog (the FEST catalogue), forordning (orders and their
overridden checks), samstemming (reconciliation and review), utdeling (the
administration round), multidose (changes told to the pharmacy)."""

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
from legemidler.models.multidose import Multidoseendring, MultidoseEndringType
from legemidler.models.samstemming import (
    Beslutning,
    Legemiddelgjennomgang,
    Legemiddelsamstemming,
    SamstemmingAnledning,
    SamstemmingLinje,
    SamstemmingStatus,
)
from legemidler.models.utdeling import (
    Administrasjon,
    AdministrasjonKilde,
    AdministrasjonStatus,
    Dosevarsel,
    DosevarselKilde,
    Effektvurdering,
    IkkeGittGrunn,
    Utdelingsoppsett,
)

__all__ = [
    "Administrasjon",
    "AdministrasjonKilde",
    "AdministrasjonStatus",
    "Administrasjonsvei",
    "Beslutning",
    "DoseEnhet",
    "Doseringstype",
    "Dosevarsel",
    "DosevarselKilde",
    "Effektvurdering",
    "Forordning",
    "ForordningStatus",
    "IkkeGittGrunn",
    "Interaksjon",
    "InteraksjonSubstans",
    "Katalogimport",
    "Kontroll",
    "Legemiddel",
    "Legemiddelgjennomgang",
    "Legemiddelsamstemming",
    "MultidoseEndringType",
    "Multidoseendring",
    "Overstyring",
    "Relevans",
    "Reseptgruppe",
    "SamstemmingAnledning",
    "SamstemmingLinje",
    "SamstemmingStatus",
    "UkentligLegemiddel",
    "Utdelingsoppsett",
    "Virkestoff",
]
