"""Health station writes, one module per area, re-exported here."""

from tjenester.helsestasjon.services.barn import (
    INNFLYTTING_HENDELSE,
    foresatt_add,
    innskrivning_active,
    innskrivning_create,
    innskrivning_transfer,
)
from tjenester.helsestasjon.services.konsultasjon import konsultasjon_register, notat_mal
from tjenester.helsestasjon.services.status import (
    innskrivning_status_refresh,
    innskrivninger_status_recompute,
)
from tjenester.helsestasjon.services.sysvak import SysvakDose, vaksinasjoner_sysvak_import
from tjenester.helsestasjon.services.vaksinasjon import (
    SYSVAK_HENDELSE,
    dose_spec,
    dose_warnings,
    vaksinasjon_give,
    vaksinasjon_invalidate,
    vaksinasjon_refuse,
)
from tjenester.helsestasjon.services.vekst import (
    VekstmaalingData,
    fodselsopplysning_save,
    vekstmaaling_register,
)

__all__ = [
    "INNFLYTTING_HENDELSE",
    "SYSVAK_HENDELSE",
    "SysvakDose",
    "VekstmaalingData",
    "dose_spec",
    "dose_warnings",
    "fodselsopplysning_save",
    "foresatt_add",
    "innskrivning_active",
    "innskrivning_create",
    "innskrivning_status_refresh",
    "innskrivning_transfer",
    "innskrivninger_status_recompute",
    "konsultasjon_register",
    "notat_mal",
    "vaksinasjon_give",
    "vaksinasjon_invalidate",
    "vaksinasjon_refuse",
    "vaksinasjoner_sysvak_import",
    "vekstmaaling_register",
]
