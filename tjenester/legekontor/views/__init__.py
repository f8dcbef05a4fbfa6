"""GP office pages, split by area and re-exported here."""

from tjenester.legekontor.views.konsultasjon import (
    konsultasjon,
    konsultasjon_apne,
    konsultasjon_betaling,
    konsultasjon_diagnose,
    konsultasjon_oppdater,
    konsultasjon_signer,
    konsultasjon_takst,
    venterom,
)
from tjenester.legekontor.views.liste import liste, liste_meld_inn, liste_meld_ut, lister
from tjenester.legekontor.views.timebok import (
    time_ankommet,
    time_avlys,
    time_flytt,
    time_ikke_mott,
    timebok,
    timemal_slett,
    timemaler,
    uke,
)

__all__ = [
    "konsultasjon",
    "konsultasjon_apne",
    "konsultasjon_betaling",
    "konsultasjon_diagnose",
    "konsultasjon_oppdater",
    "konsultasjon_signer",
    "konsultasjon_takst",
    "liste",
    "liste_meld_inn",
    "liste_meld_ut",
    "lister",
    "time_ankommet",
    "time_avlys",
    "time_flytt",
    "time_ikke_mott",
    "timebok",
    "timemal_slett",
    "timemaler",
    "uke",
    "venterom",
]
