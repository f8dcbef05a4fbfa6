"""Writes for the GP office, split by area and re-exported here."""

from tjenester.legekontor.services.konsultasjon import (
    betaling_register,
    konsultasjon_diagnose_add,
    konsultasjon_emergency_open,
    konsultasjon_open,
    konsultasjon_sign,
    konsultasjon_update,
    takstlinje_add,
    takstlinje_remove,
)
from tjenester.legekontor.services.liste import (
    fastlegeliste_create,
    fastlegeliste_update,
    listeplass_join,
    listeplass_leave,
    listeplasser_add,
)
from tjenester.legekontor.services.timebok import (
    ressurs_create,
    time_arrive,
    time_book,
    time_cancel,
    time_move,
    time_no_show,
    timemal_create,
    timemal_delete,
    timer_book_many,
)

__all__ = [
    "betaling_register",
    "fastlegeliste_create",
    "fastlegeliste_update",
    "konsultasjon_diagnose_add",
    "konsultasjon_emergency_open",
    "konsultasjon_open",
    "konsultasjon_sign",
    "konsultasjon_update",
    "listeplass_join",
    "listeplass_leave",
    "listeplasser_add",
    "ressurs_create",
    "takstlinje_add",
    "takstlinje_remove",
    "time_arrive",
    "time_book",
    "time_cancel",
    "time_move",
    "time_no_show",
    "timemal_create",
    "timemal_delete",
    "timer_book_many",
]
