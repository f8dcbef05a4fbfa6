"""API of welfare technology, by area: inbound events (hendelse) and the response queue
(alarm)."""

from integrasjoner.velferdsteknologi.apis.alarm import (
    AlarmAcknowledgeApi,
    AlarmCloseApi,
    AlarmListApi,
    AlarmSerializer,
)
from integrasjoner.velferdsteknologi.apis.hendelse import (
    AvsenderAuthentication,
    AvsenderAuthenticationScheme,
    HendelseBatchApi,
    HendelseCreateApi,
)

__all__ = [
    "AlarmAcknowledgeApi",
    "AlarmCloseApi",
    "AlarmListApi",
    "AlarmSerializer",
    "AvsenderAuthentication",
    "AvsenderAuthenticationScheme",
    "HendelseBatchApi",
    "HendelseCreateApi",
]
