from integrasjoner.meldinger.models.adresse import Kilde, Kommunikasjonspart, Tjenestetype
from integrasjoner.meldinger.models.utgaaende import (
    AppRecStatus,
    MeldingType,
    UtgaaendeMelding,
    UtgaaendeStatus,
    Varsel,
)

__all__ = [
    "AppRecStatus",
    "Kilde",
    "Kommunikasjonspart",
    "MeldingType",
    "Tjenestetype",
    "UtgaaendeMelding",
    "UtgaaendeStatus",
    "Varsel",
]
