"""Reads of home care, split by area and re-exported here."""

from tjenester.hjemmetjeneste.selectors.besoek import (
    Besoeksside,
    Pasientbesoek,
    besoek_get,
    besoek_list_audit,
    besoek_list_qs,
    besoekside_get,
    mine_besoek,
    pasient_besoek,
)
from tjenester.hjemmetjeneste.selectors.dagsliste import (
    STANDARD_PUNKT,
    Ansattliste,
    Dagsliste,
    Dagslisterad,
    ansatte_for_tildeling,
    besoek_stopp,
    dagsliste_get,
)
from tjenester.hjemmetjeneste.selectors.leder import (
    BESOKSPLAN_DAGER,
    MAX_DAGER_UTFORT,
    Distriktstall,
    Lederside,
    UtfoertPerAnsatt,
    UtfoertTidRad,
    lederside_get,
    utfoert_tid,
)

__all__ = [
    "BESOKSPLAN_DAGER",
    "MAX_DAGER_UTFORT",
    "STANDARD_PUNKT",
    "Ansattliste",
    "Besoeksside",
    "Dagsliste",
    "Dagslisterad",
    "Distriktstall",
    "Lederside",
    "Pasientbesoek",
    "UtfoertPerAnsatt",
    "UtfoertTidRad",
    "ansatte_for_tildeling",
    "besoek_get",
    "besoek_list_audit",
    "besoek_list_qs",
    "besoek_stopp",
    "besoekside_get",
    "dagsliste_get",
    "lederside_get",
    "mine_besoek",
    "pasient_besoek",
    "utfoert_tid",
]
