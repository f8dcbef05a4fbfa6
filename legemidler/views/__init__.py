"""Medication pages. Areas: forordning, samstemming, utdeling (round, missed doses),
kurve (the chart)."""

from legemidler.views.forordning import (
    forordning_bekreft,
    forordning_detalj,
    forordning_ny,
    forordning_seponer,
    legemiddelliste,
    legemiddelliste_pdf,
    telefonordinasjoner,
)
from legemidler.views.kurve import kurve, kurve_pdf
from legemidler.views.samstemming import (
    gjennomgang_ny,
    samstemming_detalj,
    samstemming_linje_beslutt,
    samstemming_linje_ny,
    samstemming_ny,
    samstemming_signer,
    samstemminger,
)
from legemidler.views.utdeling import (
    behov_gi,
    dose_kontroll,
    dose_korriger,
    dose_signer,
    dosevarsel_lukk,
    dosevarsler,
    effekt,
    runde,
)

__all__ = [
    "behov_gi",
    "dose_kontroll",
    "dose_korriger",
    "dose_signer",
    "dosevarsel_lukk",
    "dosevarsler",
    "effekt",
    "forordning_bekreft",
    "forordning_detalj",
    "forordning_ny",
    "forordning_seponer",
    "gjennomgang_ny",
    "kurve",
    "kurve_pdf",
    "legemiddelliste",
    "legemiddelliste_pdf",
    "runde",
    "samstemming_detalj",
    "samstemming_linje_beslutt",
    "samstemming_linje_ny",
    "samstemming_ny",
    "samstemming_signer",
    "samstemminger",
    "telefonordinasjoner",
]
