"""Writes for payroll, by area: pay type codes (lonnsart) and pay periods with the outbox
receiver that sends a closed period's file to the payroll system (periode)."""

from integrasjoner.lonn.services.lonnsart import (
    STANDARD_FRA,
    STANDARD_LONNSARTER,
    lonnsart_save,
    lonnsarter_ensure,
    lonnsarter_for,
)
from integrasjoner.lonn.services.periode import (
    BYGG_TIDSAVBRUDD,
    HENDELSE_LUKKET,
    LONNSSYSTEM,
    LONNSSYSTEM_HENDELSER,
    MAX_DAGER,
    TILBAKE_DAGER,
    lonnsfil_deliver,
    lonnsperiode_build,
    lonnsperiode_build_request,
    lonnsperiode_close,
    lonnsperiode_create,
)

__all__ = [
    "BYGG_TIDSAVBRUDD",
    "HENDELSE_LUKKET",
    "LONNSSYSTEM",
    "LONNSSYSTEM_HENDELSER",
    "MAX_DAGER",
    "STANDARD_FRA",
    "STANDARD_LONNSARTER",
    "TILBAKE_DAGER",
    "lonnsart_save",
    "lonnsarter_ensure",
    "lonnsarter_for",
    "lonnsfil_deliver",
    "lonnsperiode_build",
    "lonnsperiode_build_request",
    "lonnsperiode_close",
    "lonnsperiode_create",
]
