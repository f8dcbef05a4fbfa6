"""Writes of medication. Areas: katalog (FEST load), forordning (orders and checks),
samstemming (reconciliation and review)."""

from legemidler.services.forordning import (
    KontrollStopp,
    forordning_check,
    forordning_confirm,
    forordning_create,
    forordning_stop,
)
from legemidler.services.katalog import katalog_demo_load, katalog_load
from legemidler.services.samstemming import (
    gjennomgang_create,
    samstemming_line_add,
    samstemming_line_decide,
    samstemming_sign,
    samstemming_start,
)

__all__ = [
    "KontrollStopp",
    "forordning_check",
    "forordning_confirm",
    "forordning_create",
    "forordning_stop",
    "gjennomgang_create",
    "katalog_demo_load",
    "katalog_load",
    "samstemming_line_add",
    "samstemming_line_decide",
    "samstemming_sign",
    "samstemming_start",
]
