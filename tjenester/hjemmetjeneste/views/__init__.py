"""Home-care pages, split by area and re-exported here (urls.py)."""

from tjenester.hjemmetjeneste.views.besoek import (
    besoek_avvik,
    besoek_ikke_utfoert,
    besoek_maaling,
    besoek_notat,
    besoek_sjekk_inn,
    besoek_sjekk_ut,
    besok,
    mine_besoek,
    pasient_besoek,
)
from tjenester.hjemmetjeneste.views.dagsliste import (
    besoek_flytt,
    besoek_tildel,
    dagsliste,
    dagsliste_optimaliser,
)
from tjenester.hjemmetjeneste.views.leder import (
    leder,
)
from tjenester.hjemmetjeneste.views.oppgave import (
    oppgave_registrer,
)

__all__ = [
    "besoek_avvik",
    "besoek_flytt",
    "besoek_ikke_utfoert",
    "besoek_maaling",
    "besoek_notat",
    "besoek_sjekk_inn",
    "besoek_sjekk_ut",
    "besoek_tildel",
    "besok",
    "dagsliste",
    "dagsliste_optimaliser",
    "leder",
    "mine_besoek",
    "oppgave_registrer",
    "pasient_besoek",
]
