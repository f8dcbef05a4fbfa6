"""Reads of the health station (helsestasjon), one module per area."""

from tjenester.helsestasjon.selectors.vekst import Vekstoversikt, Vekstserie, vekst_get

__all__ = ["Vekstoversikt", "Vekstserie", "vekst_get"]
