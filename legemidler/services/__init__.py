"""Writes of medication. Areas: utdeling (the round, PRN, missed doses), multidose (changes
told to the pharmacy)."""

from legemidler.services.multidose import MULTIDOSE_HENDELSE, multidose_change_publish
from legemidler.services.utdeling import (
    administrasjon_correct,
    behov_give,
    dose_cosign,
    dose_sign,
    dosevarsel_close,
    dosevarsel_dispenser_register,
    dosevarsel_sweep,
    effekt_evaluate,
)

__all__ = [
    "MULTIDOSE_HENDELSE",
    "administrasjon_correct",
    "behov_give",
    "dose_cosign",
    "dose_sign",
    "dosevarsel_close",
    "dosevarsel_dispenser_register",
    "dosevarsel_sweep",
    "effekt_evaluate",
    "multidose_change_publish",
]
