"""Models of the health station (helsestasjon), one module per area."""

from tjenester.helsestasjon.models.vekst import Fodselsopplysning, Maalemetode, Vekstmaaling

__all__ = ["Fodselsopplysning", "Maalemetode", "Vekstmaaling"]
