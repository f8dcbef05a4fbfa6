"""Writes for invoicing, by area: the monthly run and its delivery (kjoring), the invoice
lines it decides (linjer), its CSV file (eksport), and the income basis (inntekt)."""

from integrasjoner.faktura.services.inntekt import inntektsgrunnlag_save
from integrasjoner.faktura.services.kjoering import (
    HENDELSE_KLAR,
    MAX_FEIL,
    OKONOMISYSTEM,
    OKONOMISYSTEM_HENDELSER,
    STALE_ETTER,
    kjoering_deliver,
    kjoering_run,
    kjoering_send,
    kjoering_start,
    maaned_parse,
    satser_for,
)

__all__ = [
    "HENDELSE_KLAR",
    "MAX_FEIL",
    "OKONOMISYSTEM",
    "OKONOMISYSTEM_HENDELSER",
    "STALE_ETTER",
    "inntektsgrunnlag_save",
    "kjoering_deliver",
    "kjoering_run",
    "kjoering_send",
    "kjoering_start",
    "maaned_parse",
    "satser_for",
]
