"""Models of the messaging slice: received messages and receipts, conversations
(melding, meldinger_inn), the address book and outgoing messages (adresse, utgaaende,
meldinger_ut)."""

from integrasjoner.meldinger.models.adresse import Kilde, Kommunikasjonspart, Tjenestetype
from integrasjoner.meldinger.models.melding import (
    Applikasjonskvittering,
    Dialogmelding,
    DialogType,
    EnhetHerId,
    Forsendelsesstatus,
    KvitteringStatus,
    Melding,
    MeldingStatus,
    Retning,
    Samtale,
)
from integrasjoner.meldinger.models.utgaaende import (
    AppRecStatus,
    MeldingType,
    UtgaaendeMelding,
    UtgaaendeStatus,
    Varsel,
)

__all__ = [
    "AppRecStatus",
    "Applikasjonskvittering",
    "DialogType",
    "Dialogmelding",
    "EnhetHerId",
    "Forsendelsesstatus",
    "Kilde",
    "Kommunikasjonspart",
    "KvitteringStatus",
    "Melding",
    "MeldingStatus",
    "MeldingType",
    "Retning",
    "Samtale",
    "Tjenestetype",
    "UtgaaendeMelding",
    "UtgaaendeStatus",
    "Varsel",
]
