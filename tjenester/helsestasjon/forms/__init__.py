"""Forms of the health station (helsestasjon), one module per area."""

from tjenester.helsestasjon.forms.vekst import FodselsopplysningForm, VekstmaalingForm

__all__ = ["FodselsopplysningForm", "VekstmaalingForm"]
