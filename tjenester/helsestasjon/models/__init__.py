"""Health station models, one module per concept, re-exported here."""

from tjenester.helsestasjon.models.barn import (
    Foreldreansvar,
    Foresatt,
    Innskrivning,
    InnskrivningGrunn,
)
from tjenester.helsestasjon.models.oppfoelging import (
    Injeksjonssted,
    Konsultasjon,
    KonsultasjonStatus,
    Vaksinasjon,
    VaksinasjonKilde,
    VaksinasjonStatus,
)
from tjenester.helsestasjon.models.program import AlderEnhet, Programpunkt, Vaksinedose
from tjenester.helsestasjon.models.vekst import Fodselsopplysning, Maalemetode, Vekstmaaling

__all__ = [
    "AlderEnhet",
    "Fodselsopplysning",
    "Foreldreansvar",
    "Foresatt",
    "Injeksjonssted",
    "Innskrivning",
    "InnskrivningGrunn",
    "Konsultasjon",
    "KonsultasjonStatus",
    "Maalemetode",
    "Programpunkt",
    "Vaksinasjon",
    "VaksinasjonKilde",
    "VaksinasjonStatus",
    "Vaksinedose",
    "Vekstmaaling",
]
