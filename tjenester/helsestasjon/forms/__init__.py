"""Health station forms, one module per area, re-exported here."""

from tjenester.helsestasjon.forms.barn import ForesattForm, InnskrivningForm, OverfoeringForm
from tjenester.helsestasjon.forms.konsultasjon import KonsultasjonForm
from tjenester.helsestasjon.forms.vaksinasjon import ReservasjonForm, VaksinasjonForm

__all__ = [
    "ForesattForm",
    "InnskrivningForm",
    "KonsultasjonForm",
    "OverfoeringForm",
    "ReservasjonForm",
    "VaksinasjonForm",
]
