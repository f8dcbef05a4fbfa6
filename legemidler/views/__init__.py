"""Pages of medication. Areas: utdeling (round, missed doses), kurve (the chart)."""

from legemidler.views.kurve import kurve, kurve_pdf
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
    "kurve",
    "kurve_pdf",
    "runde",
]
