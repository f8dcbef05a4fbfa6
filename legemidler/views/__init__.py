"""Medication pages. Areas: forordning, samstemming."""

from legemidler.views.forordning import (
    forordning_bekreft,
    forordning_detalj,
    forordning_ny,
    forordning_seponer,
    legemiddelliste,
    legemiddelliste_pdf,
    telefonordinasjoner,
)
from legemidler.views.samstemming import (
    gjennomgang_ny,
    samstemming_detalj,
    samstemming_linje_beslutt,
    samstemming_linje_ny,
    samstemming_ny,
    samstemming_signer,
    samstemminger,
)

__all__ = [
    "forordning_bekreft",
    "forordning_detalj",
    "forordning_ny",
    "forordning_seponer",
    "gjennomgang_ny",
    "legemiddelliste",
    "legemiddelliste_pdf",
    "samstemming_detalj",
    "samstemming_linje_beslutt",
    "samstemming_linje_ny",
    "samstemming_ny",
    "samstemming_signer",
    "samstemminger",
    "telefonordinasjoner",
]
