"""Writes of patient data, split by sub-domain and re-exported here."""

from journal.services.pasient import PaarorendeData, PasientData, pasient_create
from journal.services.tilgang import (
    akuttilgang_review,
    behandlingsrelasjon_close,
    behandlingsrelasjon_open,
    leader_scope,
    sperring_create,
    sperring_lift,
    utvidet_tilgang_open,
)

__all__ = [
    "PaarorendeData",
    "PasientData",
    "akuttilgang_review",
    "behandlingsrelasjon_close",
    "behandlingsrelasjon_open",
    "leader_scope",
    "pasient_create",
    "sperring_create",
    "sperring_lift",
    "utvidet_tilgang_open",
]
