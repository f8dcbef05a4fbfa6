"""Medication pages. Areas: forordning."""

from legemidler.views.forordning import (
    forordning_bekreft,
    forordning_detalj,
    forordning_ny,
    forordning_seponer,
    legemiddelliste,
    legemiddelliste_pdf,
    telefonordinasjoner,
)

__all__ = [
    "forordning_bekreft",
    "forordning_detalj",
    "forordning_ny",
    "forordning_seponer",
    "legemiddelliste",
    "legemiddelliste_pdf",
    "telefonordinasjoner",
]
