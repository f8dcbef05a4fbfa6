"""Pages of the health station (helsestasjon), one module per area."""

from tjenester.helsestasjon.views.vekst import (
    fodselsopplysning_lagre,
    vekst,
    vekst_pdf,
    vekstmaaling_ny,
)

__all__ = ["fodselsopplysning_lagre", "vekst", "vekst_pdf", "vekstmaaling_ny"]
