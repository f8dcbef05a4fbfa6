"""Reads for the GP office, restricted through journal.access and read-audited."""

from tjenester.legekontor.selectors.konsultasjon import (
    konsultasjon_get,
    konsultasjoner_for_krav,
    konsultasjoner_list,
    takster_gyldige,
)
from tjenester.legekontor.selectors.liste import liste_oversikt, liste_plasser
from tjenester.legekontor.selectors.timebok import (
    ressurser_list,
    time_get,
    timebok_dag,
    timebok_uke,
    timemaler_list,
    venterom,
)

__all__ = [
    "konsultasjon_get",
    "konsultasjoner_for_krav",
    "konsultasjoner_list",
    "liste_oversikt",
    "liste_plasser",
    "ressurser_list",
    "takster_gyldige",
    "time_get",
    "timebok_dag",
    "timebok_uke",
    "timemaler_list",
    "venterom",
]
