"""Reads for nursing homes, split by area and re-exported here."""

from tjenester.sykehjem.selectors.avdeling import (
    acting_avdeling,
    acting_ids,
    avdeling_get,
    avdelinger_i_kommunen,
    avdelinger_i_scope,
)
from tjenester.sykehjem.selectors.belegg import (
    MAX_DAGER_FRAM,
    Avdelingsbelegg,
    Beleggsoversikt,
    Sengerad,
    Sengestatus,
    belegg_dato_parse,
    belegg_get,
)
from tjenester.sykehjem.selectors.oppgave import (
    DAGSPERIODER,
    Beboeroppgaver,
    Oppgaveliste,
    Oppgaverad,
    Periodeoppgaver,
    avdelingsoppgaver_get,
    dagsperiode,
    oppgave_ward_get,
    oppgaverad_for,
)
from tjenester.sykehjem.selectors.opphold import (
    Fravaersdager,
    Innleggelsesvalg,
    Oppholdsvisning,
    fravaer_per_pasient,
    opphold_get,
    opphold_list,
    opphold_tjeneste_choices,
    opphold_valg_get,
    oppholdsvisning_get,
    vedtak_uten_opphold,
)
from tjenester.sykehjem.selectors.seng import (
    covering_q,
    ledige_senger,
    rom_for_avdeling,
    senger_for_avdeling,
)
from tjenester.sykehjem.selectors.vakt import (
    MAX_DAGER_VAKT,
    avdelingens_ansatte,
    vakter_for_avdeling,
)
from tjenester.sykehjem.selectors.venteliste import (
    venteliste_get,
    venteliste_list,
)

__all__ = [
    "DAGSPERIODER",
    "MAX_DAGER_FRAM",
    "MAX_DAGER_VAKT",
    "Avdelingsbelegg",
    "Beboeroppgaver",
    "Beleggsoversikt",
    "Fravaersdager",
    "Innleggelsesvalg",
    "Oppgaveliste",
    "Oppgaverad",
    "Oppholdsvisning",
    "Periodeoppgaver",
    "Sengerad",
    "Sengestatus",
    "acting_avdeling",
    "acting_ids",
    "avdeling_get",
    "avdelingens_ansatte",
    "avdelinger_i_kommunen",
    "avdelinger_i_scope",
    "avdelingsoppgaver_get",
    "belegg_dato_parse",
    "belegg_get",
    "covering_q",
    "dagsperiode",
    "fravaer_per_pasient",
    "ledige_senger",
    "oppgave_ward_get",
    "oppgaverad_for",
    "opphold_get",
    "opphold_list",
    "opphold_tjeneste_choices",
    "opphold_valg_get",
    "oppholdsvisning_get",
    "rom_for_avdeling",
    "senger_for_avdeling",
    "vakter_for_avdeling",
    "vedtak_uten_opphold",
    "venteliste_get",
    "venteliste_list",
]
