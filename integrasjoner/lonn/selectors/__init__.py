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
    Lonnsfil,
    kommune_for,
    lonnsfil_get,
    lonnslinjer_for_fil,
    lonnslinjer_side,
    lonnslinjer_valg,
    lonnsperiode_get,
    lonnsperioder_list,
)

__all__ = [
    "LINJER_SIDE",
    "PERIODER_SIDE",
    "Linjevalg",
    "Lonnsfil",
    "TimeRad",
    "Timekilde",
    "kommune_for",
    "lonnsfil_get",
    "lonnslinjer_for_fil",
    "lonnslinjer_side",
    "lonnslinjer_valg",
    "lonnsperiode_get",
    "lonnsperioder_list",
    "timekilde_register",
    "timekilder",
    "tjeneste_timer",
]
