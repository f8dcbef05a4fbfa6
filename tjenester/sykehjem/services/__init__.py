"""Writes for nursing homes, split by area and re-exported here."""

from tjenester.sykehjem.services.oppgave import (
    avdelingsoppgave_tick,
)
from tjenester.sykehjem.services.opphold import (
    MAX_MERKNAD,
    fravaer_create,
    fravaer_end,
    merknad_clean,
    opphold_admit,
    opphold_cancel,
    opphold_create,
    opphold_death,
    opphold_discharge,
    opphold_transfer,
)
from tjenester.sykehjem.services.seng import (
    rom_create,
    seng_aktiv_set,
    seng_create,
)
from tjenester.sykehjem.services.vakt import (
    vakt_register,
)
from tjenester.sykehjem.services.venteliste import (
    venteliste_create,
    venteliste_remove,
)

__all__ = [
    "MAX_MERKNAD",
    "avdelingsoppgave_tick",
    "fravaer_create",
    "fravaer_end",
    "merknad_clean",
    "opphold_admit",
    "opphold_cancel",
    "opphold_create",
    "opphold_death",
    "opphold_discharge",
    "opphold_transfer",
    "rom_create",
    "seng_aktiv_set",
    "seng_create",
    "vakt_register",
    "venteliste_create",
    "venteliste_remove",
]
