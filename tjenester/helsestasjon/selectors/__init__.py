"""Health station reads, one module per area, re-exported here."""

from tjenester.helsestasjon.selectors.arbeidsliste import (
    Arbeidsliste,
    ArbeidslisteRad,
    arbeidsliste_list,
)
from tjenester.helsestasjon.selectors.barn import (
    Barnebilde,
    DoseRad,
    Innkalling,
    PunktRad,
    barn_get,
    barn_status,
    helsestasjoner_andre,
    innkalling_get,
    pasient_for_innskrivning,
)
from tjenester.helsestasjon.selectors.program import (
    programpunkter_gjeldende,
    vaksinedoser_gjeldende,
)
from tjenester.helsestasjon.selectors.vekst import (
    Vekstoversikt,
    Vekstserie,
    vekst_for_utskrift,
    vekst_get,
)

__all__ = [
    "Arbeidsliste",
    "ArbeidslisteRad",
    "Barnebilde",
    "DoseRad",
    "Innkalling",
    "PunktRad",
    "Vekstoversikt",
    "Vekstserie",
    "arbeidsliste_list",
    "barn_get",
    "barn_status",
    "helsestasjoner_andre",
    "innkalling_get",
    "pasient_for_innskrivning",
    "programpunkter_gjeldende",
    "vaksinedoser_gjeldende",
    "vekst_for_utskrift",
    "vekst_get",
]
