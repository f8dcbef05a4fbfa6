"""Medication models. Areas: katalog (the FEST catalogue), forordning (orders and their
overridden checks), utdeling (the administration round), multidose (changes told to the
pharmacy)."""

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
    "MultidoseEndringType",
    "Multidoseendring",
    "Overstyring",
    "Relevans",
    "Reseptgruppe",
    "UkentligLegemiddel",
    "Utdelingsoppsett",
    "Virkestoff",
]
