"""Writes of medication. Areas: katalog (FEST load), forordning (orders and checks),
samstemming (reconciliation and review), utdeling (the round, PRN, missed doses),
multidose (changes told to the pharmacy)."""

from legemidler.services.forordning import (
    KontrollStopp,
    forordning_check,
    forordning_confirm,
    forordning_create,
    forordning_stop,
)
from legemidler.services.katalog import katalog_demo_load, katalog_load
from legemidler.services.multidose import MULTIDOSE_HENDELSE, multidose_change_publish
from legemidler.services.samstemming import (
    gjennomgang_create,
    samstemming_line_add,
    samstemming_line_decide,
    samstemming_lines_add,
    samstemming_sign,
    samstemming_start,
)
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
    "KontrollStopp",
    "administrasjon_correct",
    "behov_give",
    "dose_cosign",
    "dose_sign",
    "dosevarsel_close",
    "dosevarsel_dispenser_register",
    "dosevarsel_sweep",
    "effekt_evaluate",
    "forordning_check",
    "forordning_confirm",
    "forordning_create",
    "forordning_stop",
    "gjennomgang_create",
    "katalog_demo_load",
    "katalog_load",
    "multidose_change_publish",
    "samstemming_line_add",
    "samstemming_line_decide",
    "samstemming_lines_add",
    "samstemming_sign",
    "samstemming_start",
]
