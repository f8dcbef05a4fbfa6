"""Nursing-home pages, split by area and re-exported here (urls.py)."""

from tjenester.sykehjem.views.belegg import (
    belegg,
)
from tjenester.sykehjem.views.oppgave import (
    RAD_ID,
    oppgave_kvitter,
    oppgaver,
)
from tjenester.sykehjem.views.opphold import (
    opphold_detalj,
    opphold_handling,
    opphold_ny,
)
from tjenester.sykehjem.views.seng import (
    seng_aktiv,
    senger,
)
from tjenester.sykehjem.views.vakt import (
    vakter,
)
from tjenester.sykehjem.views.venteliste import (
    venteliste,
    venteliste_fjern,
)

__all__ = [
    "RAD_ID",
    "belegg",
    "oppgave_kvitter",
    "oppgaver",
    "opphold_detalj",
    "opphold_handling",
    "opphold_ny",
    "seng_aktiv",
    "senger",
    "vakter",
    "venteliste",
    "venteliste_fjern",
]
