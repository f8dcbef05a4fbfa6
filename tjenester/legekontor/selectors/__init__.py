"""Reads for the GP office, restricted through journal.access and read-audited."""

from tjenester.legekontor.selectors.konsultasjon import (
    konsultasjon_get,
    konsultasjoner_for_krav,
    takster_gyldige,
)
from tjenester.legekontor.selectors.liste import liste_oversikt
from tjenester.legekontor.selectors.timebok import (
    DagRad,
    timebok_dag,
    timebok_uke,
    venterom,
)

__all__ = [
    "DagRad",
    "konsultasjon_get",
    "konsultasjoner_for_krav",
    "liste_oversikt",
    "takster_gyldige",
    "timebok_dag",
    "timebok_uke",
    "venterom",
]
