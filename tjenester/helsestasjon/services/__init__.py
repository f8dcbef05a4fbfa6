"""Writes of the health station (helsestasjon), one module per area."""

from tjenester.helsestasjon.services.vekst import (
    VekstmaalingData,
    fodselsopplysning_save,
    vekstmaaling_register,
)

__all__ = ["VekstmaalingData", "fodselsopplysning_save", "vekstmaaling_register"]
