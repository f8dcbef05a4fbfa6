"""FHIR reads and searches: the registry and engine (register), and one module per area
that maps our models to FHIR resources and registers them."""

from integrasjoner.fhir.selectors.register import (
    REGISTER,
    Ressurs,
    Soekeresultat,
    fhir_read,
    fhir_search,
    ressurs_get,
)

__all__ = ["REGISTER", "Ressurs", "Soekeresultat", "fhir_read", "fhir_search", "ressurs_get"]
