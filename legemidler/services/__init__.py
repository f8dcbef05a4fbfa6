"""Writes of medication. Areas: katalog (FEST load), forordning (orders and checks)."""

from legemidler.services.forordning import (
    KontrollStopp,
    forordning_check,
    forordning_confirm,
    forordning_create,
    forordning_stop,
)
from legemidler.services.katalog import katalog_demo_load, katalog_load

__all__ = [
    "KontrollStopp",
    "forordning_check",
    "forordning_confirm",
    "forordning_create",
    "forordning_stop",
    "katalog_demo_load",
    "katalog_load",
]
