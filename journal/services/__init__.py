"""Writes of patient data, split by sub-domain and re-exported here."""

from journal.services.kartlegging import (
    KartleggingData,
    kartlegging_complete,
    kartlegging_create,
    kartlegging_draft_save,
    kartlegging_invalidate,
)
from journal.services.kritisk import (
    diagnose_close,
    diagnose_create,
    kritisk_create,
    kritisk_deactivate,
)
from journal.services.maaling import MaalingData, maaling_create, maaling_invalidate
from journal.services.notat import (
    LasversjonKonflikt,
    journalnotat_correct_start,
    journalnotat_countersign,
    journalnotat_create,
    journalnotat_draft_save,
    journalnotat_invalidate,
    journalnotat_sign,
)
from journal.services.pasient import (
    PaaroerendeData,
    PasientData,
    pasient_create,
    pasient_dodsdato_set,
)
from journal.services.tilgang import (
    akuttilgang_review,
    behandlingsrelasjon_close,
    behandlingsrelasjon_open,
    leader_scope,
    sperring_create,
    sperring_lift,
    utvidet_tilgang_open,
)
from journal.services.tjeneste import (
    TjenesteData,
    tjeneste_close,
    tjeneste_start,
)

__all__ = [
    "KartleggingData",
    "LasversjonKonflikt",
    "MaalingData",
    "PaaroerendeData",
    "PasientData",
    "TjenesteData",
    "akuttilgang_review",
    "behandlingsrelasjon_close",
    "behandlingsrelasjon_open",
    "diagnose_close",
    "diagnose_create",
    "journalnotat_correct_start",
    "journalnotat_countersign",
    "journalnotat_create",
    "journalnotat_draft_save",
    "journalnotat_invalidate",
    "journalnotat_sign",
    "kartlegging_complete",
    "kartlegging_create",
    "kartlegging_draft_save",
    "kartlegging_invalidate",
    "kritisk_create",
    "kritisk_deactivate",
    "leader_scope",
    "maaling_create",
    "maaling_invalidate",
    "pasient_create",
    "pasient_dodsdato_set",
    "sperring_create",
    "sperring_lift",
    "tjeneste_close",
    "tjeneste_start",
    "utvidet_tilgang_open",
]
