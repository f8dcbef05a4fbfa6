"""Pages of welfare technology, by area: the response queue (alarm) and parked events."""

from integrasjoner.velferdsteknologi.views.alarm import (
    alarm_detalj,
    alarm_kvitter,
    alarm_lukk,
    responssenter,
)
from integrasjoner.velferdsteknologi.views.parkert import parkert, parkert_kobl

__all__ = [
    "alarm_detalj",
    "alarm_kvitter",
    "alarm_lukk",
    "parkert",
    "parkert_kobl",
    "responssenter",
]
