"""Journal models, one module per concept, re-exported here."""

from journal.models.pasient import Kjonn, Malform, Paarorende, Pasient, PasientScopedModel
from journal.models.tilgang import (
    Behandlingsrelasjon,
    BehandlingsrelasjonQuerySet,
    RelasjonGrunnlag,
    Sperring,
    SperringMal,
    SperringQuerySet,
    Tilgangsgrunn,
    TilgangType,
    UtvidetTilgang,
    UtvidetTilgangQuerySet,
)

__all__ = [
    "Behandlingsrelasjon",
    "BehandlingsrelasjonQuerySet",
    "Kjonn",
    "Malform",
    "Paarorende",
    "Pasient",
    "PasientScopedModel",
    "RelasjonGrunnlag",
    "Sperring",
    "SperringMal",
    "SperringQuerySet",
    "TilgangType",
    "Tilgangsgrunn",
    "UtvidetTilgang",
    "UtvidetTilgangQuerySet",
]
