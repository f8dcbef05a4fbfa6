"""Health station forms, one module per area, re-exported here."""

from tjenester.helsestasjon.forms.barn import ForesattForm, InnskrivningForm, OverfoeringForm
from tjenester.helsestasjon.forms.konsultasjon import KonsultasjonForm
from tjenester.helsestasjon.forms.vaksinasjon import ReservasjonForm, VaksinasjonForm
from tjenester.helsestasjon.forms.vekst import FodselsopplysningForm, VekstmaalingForm

__all__ = [
    "FodselsopplysningForm",
    "ForesattForm",
    "InnskrivningForm",
    "KonsultasjonForm",
    "OverfoeringForm",
    "ReservasjonForm",
    "VaksinasjonForm",
    "VekstmaalingForm",
]
