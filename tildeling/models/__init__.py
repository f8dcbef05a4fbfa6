"""Tildeling models, one module per concept, re-exported here."""

from tildeling.models.katalog import Brevhode, OmfangEnhet, Tjenestetype, TjenestetypeQuerySet
from tildeling.models.klage import Klage, KlageStatus, KommuneUtfall, StatsforvalterUtfall
from tildeling.models.sak import (
    DokumentType,
    Kanal,
    NotatType,
    Sak,
    SakDokument,
    SakNotat,
    SakStatus,
    Soeker,
    Soeknad,
    SoeknadTjeneste,
)
from tildeling.models.varsel import Varsel, VarselType
from tildeling.models.vedtak import Avslutning, Utfall, Vedtak, VedtakStatus

__all__ = [
    "Avslutning",
    "Brevhode",
    "DokumentType",
    "Kanal",
    "Klage",
    "KlageStatus",
    "KommuneUtfall",
    "NotatType",
    "OmfangEnhet",
    "Sak",
    "SakDokument",
    "SakNotat",
    "SakStatus",
    "Soeker",
    "Soeknad",
    "SoeknadTjeneste",
    "StatsforvalterUtfall",
    "Tjenestetype",
    "TjenestetypeQuerySet",
    "Utfall",
    "Varsel",
    "VarselType",
    "Vedtak",
    "VedtakStatus",
]
