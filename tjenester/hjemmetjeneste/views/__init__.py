"""Home-care pages, split by area and re-exported here (urls.py)."""

from tjenester.hjemmetjeneste.views.besok import (
    besok,
    besok_avvik,
    besok_ikke_utfort,
    besok_maling,
    besok_notat,
    besok_sjekk_inn,
    besok_sjekk_ut,
    mine_besok,
    pasient_besok,
)
from tjenester.hjemmetjeneste.views.dagsliste import (
    besok_flytt,
    besok_tildel,
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
    "besok",
    "besok_avvik",
    "besok_flytt",
    "besok_ikke_utfort",
    "besok_maling",
    "besok_notat",
    "besok_sjekk_inn",
    "besok_sjekk_ut",
    "besok_tildel",
    "dagsliste",
    "dagsliste_optimaliser",
    "leder",
    "mine_besok",
    "oppgave_registrer",
    "pasient_besok",
]
