"""Reads for payroll, by area: pay periods, their lines and file (periode), and the hour
sources a period is built from (kilder)."""

from integrasjoner.lonn.selectors.kilder import (
    Timekilde,
    TimeRad,
    timekilde_register,
    timekilder,
    tjeneste_timer,
)
from integrasjoner.lonn.selectors.periode import (
    LINJER_SIDE,
    PERIODER_SIDE,
    Linjevalg,
    Loennsfil,
    kommune_for,
    loennsfil_get,
    loennslinjer_for_fil,
    loennslinjer_side,
    loennslinjer_valg,
    loennsperiode_get,
    loennsperioder_list,
)

__all__ = [
    "LINJER_SIDE",
    "PERIODER_SIDE",
    "Linjevalg",
    "Loennsfil",
    "TimeRad",
    "Timekilde",
    "kommune_for",
    "loennsfil_get",
    "loennslinjer_for_fil",
    "loennslinjer_side",
    "loennslinjer_valg",
    "loennsperiode_get",
    "loennsperioder_list",
    "timekilde_register",
    "timekilder",
    "tjeneste_timer",
]
