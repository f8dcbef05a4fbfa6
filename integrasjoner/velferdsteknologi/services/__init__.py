"""Writes for welfare technology, by area: senders and devices (avsender), thresholds
(terskel), inbound events (hendelse), parked events (parkert), and the response queue with
the outbox receiver that reports alarm status to the alarm central (alarm)."""

from integrasjoner.velferdsteknologi.services.alarm import (
    ALARMSENTRAL,
    ALARMSENTRAL_HENDELSER,
    HENDELSE_KVITTERT,
    HENDELSE_LUKKET,
    MAX_DOKUMENTASJON,
    NOTATTYPE,
    alarm_acknowledge,
    alarm_close,
    alarmstatus_deliver,
    can_record_in_journal,
)
from integrasjoner.velferdsteknologi.services.avsender import (
    avsender_refused_audit,
    avsendersystem_create,
    utstyr_register,
)
from integrasjoner.velferdsteknologi.services.hendelse import (
    MAKS_BATCH,
    SVEIP_ETTER,
    Mottak,
    hendelse_apply,
    hendelse_receive,
    hendelser_process,
    hendelser_receive,
)
from integrasjoner.velferdsteknologi.services.parkert import UTSTYR_FOR_TYPE, hendelse_match
from integrasjoner.velferdsteknologi.services.terskel import (
    ENHETER,
    Brudd,
    brudd_tekst,
    terskel_brudd,
    terskel_set,
    terskler_for,
)

__all__ = [
    "ALARMSENTRAL",
    "ALARMSENTRAL_HENDELSER",
    "ENHETER",
    "HENDELSE_KVITTERT",
    "HENDELSE_LUKKET",
    "MAKS_BATCH",
    "MAX_DOKUMENTASJON",
    "NOTATTYPE",
    "SVEIP_ETTER",
    "UTSTYR_FOR_TYPE",
    "Brudd",
    "Mottak",
    "alarm_acknowledge",
    "alarm_close",
    "alarmstatus_deliver",
    "avsender_refused_audit",
    "avsendersystem_create",
    "brudd_tekst",
    "can_record_in_journal",
    "hendelse_apply",
    "hendelse_match",
    "hendelse_receive",
    "hendelser_process",
    "hendelser_receive",
    "terskel_brudd",
    "terskel_set",
    "terskler_for",
    "utstyr_register",
]
