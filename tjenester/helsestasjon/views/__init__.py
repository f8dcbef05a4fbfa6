"""Health station pages, split by area and re-exported here (urls.py)."""

from tjenester.helsestasjon.views.arbeidsliste import arbeidsliste
from tjenester.helsestasjon.views.barn import (
    barn,
    foresatt_ny,
    innkalling,
    innskrivning_ny,
    innskrivning_overfoer,
)
from tjenester.helsestasjon.views.konsultasjon import konsultasjon_ny
from tjenester.helsestasjon.views.vaksinasjon import vaksinasjon_ny, vaksinasjon_reservasjon
from tjenester.helsestasjon.views.vekst import (
    fodselsopplysning_lagre,
    vekst,
    vekst_pdf,
    vekstmaaling_ny,
)

__all__ = [
    "arbeidsliste",
    "barn",
    "fodselsopplysning_lagre",
    "foresatt_ny",
    "innkalling",
    "innskrivning_ny",
    "innskrivning_overfoer",
    "konsultasjon_ny",
    "vaksinasjon_ny",
    "vaksinasjon_reservasjon",
    "vekst",
    "vekst_pdf",
    "vekstmaaling_ny",
]
