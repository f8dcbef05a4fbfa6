"""Writes for payroll, by area: pay type codes (lonnsart) and pay periods with the outbox
receiver that sends a closed period's file to the payroll system (periode)."""

from integrasjoner.lonn.services.loennsart import (
    STANDARD_FRA,
    STANDARD_LONNSARTER,
    loennsart_save,
    loennsarter_ensure,
    loennsarter_for,
)
from integrasjoner.lonn.services.periode import (
    BYGG_TIDSAVBRUDD,
    HENDELSE_LUKKET,
    LONNSSYSTEM,
    LONNSSYSTEM_HENDELSER,
    MAX_DAGER,
    TILBAKE_DAGER,
    loennsfil_deliver,
    loennsperiode_build,
    loennsperiode_build_request,
    loennsperiode_close,
    loennsperiode_create,
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
    "loennsart_save",
    "loennsarter_ensure",
    "loennsarter_for",
    "loennsfil_deliver",
    "loennsperiode_build",
    "loennsperiode_build_request",
    "loennsperiode_close",
    "loennsperiode_create",
]
