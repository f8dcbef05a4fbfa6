"""Reads of home care, split by area and re-exported here."""

from tjenester.hjemmetjeneste.selectors.besok import (
    Besoksside,
    Pasientbesok,
    besok_get,
    besok_list_audit,
    besok_list_qs,
    besokside_get,
    mine_besok,
    pasient_besok,
)
from tjenester.hjemmetjeneste.selectors.dagsliste import (
    STANDARD_PUNKT,
    Ansattliste,
    Dagsliste,
    Dagslisterad,
    ansatte_for_tildeling,
    besok_stopp,
    dagsliste_get,
)
from tjenester.hjemmetjeneste.selectors.leder import (
    BESOKSPLAN_DAGER,
    MAX_DAGER_UTFORT,
    Distriktstall,
    Lederside,
    UtfortPerAnsatt,
    UtfortTidRad,
    lederside_get,
    utfort_tid,
)

__all__ = [
    "BESOKSPLAN_DAGER",
    "MAX_DAGER_UTFORT",
    "STANDARD_PUNKT",
    "Ansattliste",
    "Besoksside",
    "Dagsliste",
    "Dagslisterad",
    "Distriktstall",
    "Lederside",
    "Pasientbesok",
    "UtfortPerAnsatt",
    "UtfortTidRad",
    "ansatte_for_tildeling",
    "besok_get",
    "besok_list_audit",
    "besok_list_qs",
    "besok_stopp",
    "besokside_get",
    "dagsliste_get",
    "lederside_get",
    "mine_besok",
    "pasient_besok",
    "utfort_tid",
]
